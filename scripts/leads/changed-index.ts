/**
 * The leads a run changed and the owner it gave each, held compactly and exactly, so undo can
 * tell which of them still have that owner after one Bulk query of the run owners' leads, without
 * a set of every lead those owners hold. Each changed lead takes 16 bytes: its Id as two exact
 * numbers (keyOf), the owner's index folded into the second. They are laid out by hash bucket in
 * two passes over the changes (count, then place), so no table is grown, rehashed or sorted.
 */
import { keyOf } from '../../lib/routing/leadRouting.ts';

const BUCKET_BITS = 18;
const BUCKETS = 1 << BUCKET_BITS;
/** Owner indexes fold into the Id's second number below this (its 36 bits times 2^16 stay exact). */
const OWNER_SLOTS = 1 << 16;

function bucketOf(hi: number, lo: number): number {
  return (
    (Math.imul((hi >>> 0) ^ Math.imul(lo >>> 0, 0x9e3779b1), 0x85ebca6b) >>> 0) >>>
    (32 - BUCKET_BITS)
  );
}

const key15 = (id: string) => id.substring(0, 15);

export class ChangedIndex {
  private readonly owners = new Map<string, number>();
  private starts = new Uint32Array(BUCKETS + 1);
  private next: Uint32Array | null = null;
  private hi = new Float64Array(0);
  private lo = new Float64Array(0);
  private held = new Uint8Array(0);
  private counted = 0;

  /** Pass 1: counts a changed lead (and learns its new owner). */
  count(id: string, to: string): void {
    const [hi, lo] = keyOf(id);
    this.starts[bucketOf(hi, lo) + 1] += 1;
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

  /** Pass 2: places a changed lead, in the order pass 1 counted them. */
  place(id: string, to: string): void {
    if (!this.next) {
      for (let b = 0; b < BUCKETS; b += 1) this.starts[b + 1] += this.starts[b];
      this.next = this.starts.slice(0, BUCKETS);
      this.hi = new Float64Array(this.counted);
      this.lo = new Float64Array(this.counted);
      this.held = new Uint8Array((this.counted >> 3) + 1);
    }
    const [hi, lo] = keyOf(id);
    const at = this.next[bucketOf(hi, lo)]++;
    this.hi[at] = hi;
    this.lo[at] = lo * OWNER_SLOTS + this.owners.get(key15(to))!;
  }

  /** The lead's slot and the index of the owner the run gave it, or -1. */
  private find(id: string): [slot: number, owner: number] | -1 {
    if (!this.next) return -1;
    const [hi, lo] = keyOf(id);
    const b = bucketOf(hi, lo);
    const low = lo * OWNER_SLOTS;
    for (let i = this.starts[b]; i < this.starts[b + 1]; i += 1) {
      if (this.hi[i] === hi && this.lo[i] >= low && this.lo[i] < low + OWNER_SLOTS)
        return [i, this.lo[i] - low];
    }
    return -1;
  }

  /** A lead as the org has it now: marked when it is one of the run's and has the run's owner. */
  observe(id: string, ownerNow: string): void {
    const found = this.find(id);
    if (found === -1) return;
    const [slot, owner] = found;
    if (this.owners.get(key15(ownerNow)) === owner) this.held[slot >> 3] |= 1 << (slot & 7);
  }

  /** Whether the org said the lead still has the owner the run gave it. */
  stillHeld(id: string): boolean {
    const found = this.find(id);
    return found !== -1 && (this.held[found[0] >> 3] & (1 << (found[0] & 7))) !== 0;
  }
}
