import { Input, type InputProps } from 'antd';
import type { Rule } from 'antd/es/form';
import type { T } from '../i18n/i18n';
import { parseYuan } from '@ivl/rules';

/** A yuan amount is typed as text and kept as text; parseYuan turns it into fen on submit. */
export function MoneyInput(props: InputProps) {
  return <Input inputMode="decimal" prefix="¥" autoComplete="off" {...props} />;
}

/** Form rule: a valid yuan amount (≤ 2 decimals, > 0, ≤ 10^11 yuan). */
export function moneyRule(t: T, required = true): Rule {
  return {
    validator: (_, value: string | undefined) => {
      if (!value || value.trim() === '') return required ? Promise.reject(new Error(t('money.empty'))) : Promise.resolve();
      const parsed = parseYuan(value);
      return parsed.ok ? Promise.resolve() : Promise.reject(new Error(t(`money.${parsed.reason}`)));
    },
  };
}

/** fen of a validated yuan string, as a JSON integer. */
export function fenOf(value: string): number {
  const parsed = parseYuan(value);
  if (!parsed.ok) throw new Error(parsed.reason);
  return Number(parsed.fen);
}
