import { CsatReport } from '../core/api/api.models';

export interface CsatBar {
  score: number;
  count: number;
  /** Share of all ratings, 0–100, rounded. */
  percent: number;
  label: string;
}

/** The 1–5 distribution as bars, best score first, each with its words for screen readers. */
export function csatBars(report: CsatReport): CsatBar[] {
  const total = report.count;
  return [5, 4, 3, 2, 1].map((score) => {
    const count = report.distribution[String(score) as keyof CsatReport['distribution']] ?? 0;
    const percent = total ? Math.round((count / total) * 100) : 0;
    const stars = score === 1 ? '1 star' : `${score} stars`;
    const ratings = count === 1 ? '1 rating' : `${count} ratings`;
    return { score, count, percent, label: `${stars}: ${ratings} (${percent}%)` };
  });
}

/** "4.25 out of 5", or a dash when nothing was rated. */
export function averageText(report: CsatReport): string {
  return report.average === null || !report.count ? '—' : `${report.average.toFixed(2)} out of 5`;
}
