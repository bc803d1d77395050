/**
 * Salesforce record Ids: 15-character case-sensitive Ids and the 3-character case-safe checksum
 * that turns them into 18-character Ids. Shared by the CLI and the local org.
 */

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[0-9A-Za-z]{15}$/;
const ID18 = /^[0-9A-Za-z]{15}[A-Za-z0-5]{3}$/;

/** The 3-character suffix that makes a 15-character Id case-insensitive. */
export function checksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return suffix;
}

/** The 18-character form of a 15-character Id. */
export function to18(id15: string): string {
  return id15 + checksum(id15);
}

/**
 * The canonical 18-character Id for a 15- or 18-character input, or null when the input is not an
 * Id. An 18-character Id is accepted in any letter case (the suffix restores the case), as Salesforce does.
 */
export function normalizeId(value: string): string | null {
  if (ID15.test(value)) return to18(value);
  if (!ID18.test(value)) return null;
  const suffix = value.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX.indexOf(suffix[chunk]);
    if (bits < 0) return null;
    for (let i = 0; i < 5; i++) {
      const ch = value[chunk * 5 + i];
      id15 += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return to18(id15);
}

/** True when the value looks like a Salesforce Id (15 or 18 characters). */
export function isId(value: string): boolean {
  return normalizeId(value) !== null;
}

/** The 3-character key prefix of an Id. */
export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}
