/** Counts as a channel manager reads them, in the user's locale (as the wizard's format.ts). */
const numberFormat = new Intl.NumberFormat();

/** "1 lead", "2 leads". */
export function formatCount(value: number, singular: string, plural = `${singular}s`): string {
  return `${numberFormat.format(value)} ${value === 1 ? singular : plural}`;
}
