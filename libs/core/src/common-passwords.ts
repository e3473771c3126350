/**
 * Passwords of 10 characters or more that lead the published leak lists (SecLists' top 10 000,
 * the 2011 CSDN leak, NordPass' yearly lists), lower-cased. Shorter ones are refused by length
 * already. A compact list rather than a dictionary package: it catches what attackers try first,
 * which is what the rule is for, without a 2 MB dependency in every process.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '1234567890', '0123456789', '0987654321', '9876543210', '12345678910', '123456789a', 'a123456789',
  '1234567890a', 'a1234567890', '123456789q', 'q123456789', '1234567891', '12345678901', '123123123123',
  '1111111111', '0000000000', '2222222222', '5555555555', '6666666666', '8888888888', '9999999999',
  '1212121212', '1122334455', '1357924680', '1314520520', '5201314520', '5201314521', '1314521521',
  'woaini1314', 'woaini5201314', 'iloveyou1314', 'wodemima123', 'woainima123',
  'qwertyuiop', 'qwertyuiop123', 'qwerty1234', 'qwerty12345', 'qwerty123456', '1qaz2wsx3edc',
  '1qaz2wsx3edc4rfv', 'qazwsxedc123', 'qazwsxedcrfv', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5',
  'zaq12wsxcde3', 'zxcvbnm123', 'zxcvbnm1234', 'asdfghjkl1', 'asdfghjkl123', '1qazxsw23edc',
  'password12', 'password123', 'password1234', 'password12345', 'password123456', 'passw0rd123',
  'p@ssw0rd123', 'p@ssword123', 'password1!', 'password@123', 'pa$$w0rd123',
  'iloveyou12', 'iloveyou123', 'princess123', 'sunshine123', 'football123', 'baseball123',
  'superman123', 'dragon1234', 'monkey12345', 'letmein123', 'welcome123', 'welcome1234',
  'trustno1234', 'abc1234567', 'abcd123456', 'abc123456789', 'abcdefghij', 'abcdefg123',
  'aa12345678', 'aa123456789', 'a1b2c3d4e5', 'qq123456789', 'qq1234567890', 'admin12345',
  'admin123456', 'administrator', 'administrator1', 'admin@12345', 'root123456', 'test123456',
  'test1234567', 'changeme123', 'changeme1234', 'default123', 'computer123', 'internet123',
  'jinhua123456', 'jinhua12345', 'chuangxinquan', 'chuangxinquan123',
]);
