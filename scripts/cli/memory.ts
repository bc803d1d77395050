/** Heap settings for commands that stream millions of rows through the client. */
import { setFlagsFromString } from 'node:v8';

/**
 * Reassigning millions of leads streams through a small live set (about 40 MB, most of it
 * @salesforce/core and jsforce), but V8 by default grows the young generation to 16 MB and more
 * while the modules compile, and then the old one far past the live set: 396 MB peak for 180,000
 * leads. These two GC heuristics are read at every collection, so they apply from the moment they
 * are set, but a young generation that has grown stays grown: call this before the command's
 * modules load (the leads command imports its run only after it). They keep the young
 * generation at 1 MB a semi-space and the old one within 10% of what survives (--optimize-for-size
 * did as well on memory but cost 25% in time). Not for the local org, whose server has other needs.
 */
export function favourSmallHeap(): void {
  setFlagsFromString('--semi-space-growth-factor=1 --heap-growing-percent=10');
}
