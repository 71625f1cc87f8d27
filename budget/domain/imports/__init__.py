"""Reading Alipay, WeChat Pay and bank exports, and deciding what each row becomes."""
