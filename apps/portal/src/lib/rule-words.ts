/** A program's rules in words, as officers say them: "首 1 万元全额，超出部分 50%", "市级 30% / 县级 70%". */
import { formatFen } from '@ivl/rules';

export type Lang = 'zh-CN' | 'en-US';

/** 5000 bp → `50%`, 3333 → `33.33%`. */
export function bpToPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = bp % 100;
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}

/** fen in words: whole 万元 in Chinese when it divides evenly (`1 万元`), otherwise ¥ with decimals. */
export function amountInWords(fen: number, lang: Lang): string {
  if (lang === 'zh-CN') {
    if (fen % 1_000_000 === 0) return `${fen / 1_000_000} 万元`;
    if (fen % 100 === 0) return `${formatFen(fen, '').replace(/\.00$/, '')} 元`;
    return `${formatFen(fen, '')} 元`;
  }
  return formatFen(fen).replace(/\.00$/, '');
}

export function ruleInWords(
  rule: { ratioBp: number; fullCoverageUpTo: number | null; outOfRegionRatioBp: number | null },
  lang: Lang,
): string {
  const zh = lang === 'zh-CN';
  const parts: string[] = [];
  if (rule.fullCoverageUpTo !== null && rule.fullCoverageUpTo > 0) {
    const first = amountInWords(rule.fullCoverageUpTo, lang);
    parts.push(
      zh ? `首 ${first}全额，超出部分 ${bpToPercent(rule.ratioBp)}` : `first ${first} in full, ${bpToPercent(rule.ratioBp)} above`,
    );
  } else {
    parts.push(zh ? `按 ${bpToPercent(rule.ratioBp)} 补贴` : `${bpToPercent(rule.ratioBp)} of the bill`);
  }
  if (rule.outOfRegionRatioBp !== null) {
    parts.push(
      zh
        ? `区域外机构 ${bpToPercent(rule.outOfRegionRatioBp)}`
        : `${bpToPercent(rule.outOfRegionRatioBp)} for providers outside the region`,
    );
  }
  return parts.join(zh ? '；' : '; ');
}

export interface ShareInWords {
  shareBp: number;
  /** the funding region's level, if known */
  level?: 'city' | 'county';
  /** the region's name, used when the level is unknown */
  name?: string;
}

export function fundingInWords(shares: ShareInWords[], lang: Lang): string {
  const zh = lang === 'zh-CN';
  return shares
    .map((s) => {
      const who = s.level === 'city' ? (zh ? '市级' : 'city') : s.level === 'county' ? (zh ? '县级' : 'county') : (s.name ?? '?');
      return `${who} ${bpToPercent(s.shareBp)}`;
    })
    .join(' / ');
}
