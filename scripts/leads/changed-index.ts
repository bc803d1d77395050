/**
 * The leads a run changed and the owner it gave each, held compactly and exactly, so undo can
 * tell which of them still have that owner after one Bulk query of the run owners' leads, without
 * a set of every lead those owners hold. Each changed lead in memory takes 20 bytes: its Id as
 * two exact numbers (keyOf), the owner's index folded into the second, and its place in the run's
 * list of changes. They are laid out by hash bucket in two passes over the changes (count, then
 * place), so no table is grown, rehashed or sorted.
 *
 * A run of millions is taken a part at a time (parts): each part is a range of buckets holding at
 * most a given number of leads, and only one part is in memory, so undo's memory does not grow
 * with the run. What is learnt (held) is kept as one bit a change, by its place in the list.
 */
import { keyOf } from '../../lib/routing/leadRouting.ts';

const BUCKET_BITS = 18;
const BUCKETS = 1 << BUCKET_BITS;
/** Owner indexes fold into the Id's second number below this (its 36 bits times 2^16 stay exact). */
const OWNER_SLOTS = 1 << 16;

function bucketOf(id: string): number {
  const [hi, lo] = keyOf(id);
  return (
    (Math.imul((hi >>> 0) ^ Math.imul(lo >>> 0, 0x9e3779b1), 0x85ebca6b) >>> 0) >>>
    (32 - BUCKET_BITS)
  );
}

const key15 = (id: string) => id.substring(0, 15);

/** A range of buckets, [from, to), and how many changed leads they hold. */
export interface IndexPart {
  from: number;
  to: number;
  leads: number;
}

export class ChangedIndex {
  private readonly owners = new Map<string, number>();
  /** Leads a bucket holds, then (once parted) where each bucket's leads start. */
  private readonly starts = new Uint32Array(BUCKETS + 1);
  private summed = false;
  private counted = 0;
  /** The part in memory. */
  private part: IndexPart = { from: 0, to: 0, leads: 0 };
  private next: Uint32Array | null = null;
  private hi = new Float64Array(0);
  private lo = new Float64Array(0);
  private ordinal = new Uint32Array(0);
  /** One bit a change, by its place in the list: it still has the run's owner. */
  private held = new Uint8Array(0);

  /** Pass 1: counts a changed lead (and learns its new owner). */
  count(id: string, to: string): void {
    this.starts[bucketOf(id) + 1] += 1;
    this.counted += 1;
    if (!this.owners.has(key15(to))) this.owners.set(key15(to), this.owners.size);
  }

  /** Whether every owner fits (more than 65,536 run owners cannot happen with a real pool). */
  get usable(): boolean {
    return this.owners.size <= OWNER_SLOTS;
  }

  /** The distinct new owners counted, as 15-character Ids. */
  get ownerIds(): string[] {
    return [...this.owners.keys()];
  }

  /**
   * After pass 1: the bucket ranges, in order, each holding at most `most` leads (or one bucket,
   * should a bucket alone hold more), that together cover every bucket.
   */
  parts(most: number): IndexPart[] {
    if (!this.summed) {
      for (let b = 0; b < BUCKETS; b += 1) this.starts[b + 1] += this.starts[b];
      this.summed = true;
      this.held = new Uint8Array((this.counted >> 3) + 1);
    }
    const parts: IndexPart[] = [];
    let from = 0;
    for (let b = 1; b <= BUCKETS; b += 1) {
      const over = this.starts[b] - this.starts[from] > most && b - 1 > from;
      if (over || b === BUCKETS) {
        const to = over ? b - 1 : b;
        parts.push({ from, to, leads: this.starts[to] - this.starts[from] });
        from = to;
        if (over && b === BUCKETS)
          parts.push({ from, to: b, leads: this.starts[b] - this.starts[from] });
      }
    }
    return parts;
  }

  /** Which of `parts` a lead (changed or not) belongs to. */
  static partOf(parts: readonly IndexPart[], id: string): number {
    const bucket = bucketOf(id);
    let low = 0;
    let high = parts.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (bucket < parts[mid].to) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /**
   * Takes one part into memory (the last part's leads are let go); pass 2 places them. The
   * arrays are made once, for the largest part, and reused: freeing and allocating tens of
   * megabytes per part left glibc's heap holding the freed ones (RSS grew by a part each time).
   */
  load(part: IndexPart, parts: readonly IndexPart[] = [part]): void {
    this.part = part;
    const most = Math.max(...parts.map((p) => p.leads));
    if (this.hi.length < most) {
      this.hi = new Float64Array(most);
      this.lo = new Float64Array(most);
      this.ordinal = new Uint32Array(most);
    }
    this.next ??= new Uint32Array(BUCKETS);
    this.next.set(this.starts.subarray(part.from, part.to));
  }

  /** Pass 2: places a changed lead of the part in memory; `ordinal` is its place in the list. */
  place(id: string, to: string, ordinal: number): void {
    const bucket = bucketOf(id);
    if (!this.next || bucket < this.part.from || bucket >= this.part.to) return;
    const [hi, lo] = keyOf(id);
    const at = this.next[bucket - this.part.from]++ - this.starts[this.part.from];
    this.hi[at] = hi;
    this.lo[at] = lo * OWNER_SLOTS + this.owners.get(key15(to))!;
    this.ordinal[at] = ordinal;
  }

  /**
   * A lead as the org has it now, when it belongs to the part in memory: marked when it is one of
   * the run's and has the run's owner.
   */
  observe(id: string, ownerNow: string): void {
    const bucket = bucketOf(id);
    if (!this.next || bucket < this.part.from || bucket >= this.part.to) return;
    const [hi, lo] = keyOf(id);
    const low = lo * OWNER_SLOTS;
    const base = this.starts[this.part.from];
    for (let i = this.starts[bucket] - base; i < this.starts[bucket + 1] - base; i += 1) {
      if (this.hi[i] === hi && this.lo[i] >= low && this.lo[i] < low + OWNER_SLOTS) {
        if (this.owners.get(key15(ownerNow)) === this.lo[i] - low) {
          const n = this.ordinal[i];
          this.held[n >> 3] |= 1 << (n & 7);
        }
        return;
      }
    }
  }

  /** Whether the org said the change at this place in the list still has the run's owner. */
  stillHeld(ordinal: number): boolean {
    return (
      ordinal >> 3 < this.held.length && (this.held[ordinal >> 3] & (1 << (ordinal & 7))) !== 0
    );
  }
}
