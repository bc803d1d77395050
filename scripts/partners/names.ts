/**
 * Usernames, nicknames and aliases of new partner users. Username = the e-mail in lower case, or
 * with `.channelkit`, `.channelkit2`, ... appended when taken; nickname = the e-mail's local part,
 * or with 1, 2, ... appended when taken. Both must be unique (usernames across all orgs).
 */
export const MAX_USERNAME = 80;
export const MAX_NICKNAME = 40;
const MAX_ALIAS = 8;
const NICKNAME_STEM = MAX_NICKNAME - 4;
const MAX_TRIES = 100;

export function usernameCandidate(emailKey: string, n: number): string {
  if (n === 0) return emailKey;
  return `${emailKey}.channelkit${n === 1 ? '' : n}`;
}

/** The local part of the e-mail, cut so that numbers can still be appended. */
export function nicknameStem(emailKey: string): string {
  return [...emailKey.split('@')[0]].slice(0, NICKNAME_STEM).join('');
}

export function nicknameCandidate(stem: string, n: number): string {
  return n === 0 ? stem : `${stem}${n}`;
}

/** First letter of the first name and the last name, lower case, 8 characters at most. */
export function aliasFor(firstName: string, lastName: string, emailKey: string): string {
  const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const alias = [...(letters(firstName).slice(0, 1) + letters(lastName))].slice(0, MAX_ALIAS);
  return alias.length > 0
    ? alias.join('')
    : [...letters(emailKey.split('@')[0])].slice(0, MAX_ALIAS).join('') || 'partner';
}

export interface Allocation {
  value: string;
  /** Which candidate it is: the next try after a clash starts above it. */
  index: number;
}

/** Hands out usernames and nicknames no user has and no earlier row got. */
export class NameAllocator {
  private readonly usernames: Set<string>;
  private readonly nicknames: Set<string>;

  constructor(takenUsernames: Iterable<string>, takenNicknames: Iterable<string>) {
    this.usernames = new Set([...takenUsernames].map((u) => u.toLowerCase()));
    this.nicknames = new Set([...takenNicknames].map((n) => n.toLowerCase()));
  }

  username(emailKey: string, from = 0): Allocation | null {
    return this.take(this.usernames, from, MAX_USERNAME, (n) => usernameCandidate(emailKey, n));
  }

  nickname(emailKey: string, from = 0): Allocation | null {
    const stem = nicknameStem(emailKey);
    return this.take(this.nicknames, from, MAX_NICKNAME, (n) => nicknameCandidate(stem, n));
  }

  /** A name the platform refused as a duplicate (taken in another org, or since the plan). */
  markTaken(kind: 'username' | 'nickname', value: string): void {
    (kind === 'username' ? this.usernames : this.nicknames).add(value.toLowerCase());
  }

  private take(
    taken: Set<string>,
    from: number,
    max: number,
    candidate: (n: number) => string,
  ): Allocation | null {
    for (let n = from; n < from + MAX_TRIES; n++) {
      const value = candidate(n);
      if ([...value].length > max) return null;
      if (!taken.has(value.toLowerCase())) {
        taken.add(value.toLowerCase());
        return { value, index: n };
      }
    }
    return null;
  }
}
