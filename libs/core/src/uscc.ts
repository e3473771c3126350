/** Unified social credit code (统一社会信用代码), GB 32100-2015. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase();
}

export function usccCheckCharacter(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** True for an 18-character code (any case) whose last character is the right check character. */
export function isValidUscc(input: string): boolean {
  const code = normalizeUscc(input);
  if (code.length !== 18) return false;
  const check = usccCheckCharacter(code.slice(0, 17));
  return check !== undefined && check === code[17];
}
