/**
 * Who may see and change what, for running Apex: the running user's object and field access
 * (user mode), and the record sharing that applies to a frame (Apex Developer Guide, "Use the
 * with sharing, without sharing, and inherited sharing Keywords"): the nearest class on the stack
 * that says `with sharing` or `without sharing` decides; `inherited sharing` and classes that say
 * nothing take their caller's; at the entry point, `inherited sharing` means with sharing and no
 * keyword means without. Inner classes do not inherit their outer class's keyword.
 */
import type { Store } from '../../store/store.ts';
import { UserAccess } from '../../permissions.ts';
import type { ExecContext } from '../runtime/context.ts';

export function userAccess(store: Store, ctx: ExecContext): UserAccess {
  const key = `access:${ctx.session.userId}`;
  let access = ctx.cache.get(key) as UserAccess | undefined;
  if (!access) {
    access = new UserAccess(store, ctx.session);
    ctx.cache.set(key, access);
  }
  return access;
}

/** Whether record sharing applies to system-mode queries and DML at the top of the stack. */
export function sharingApplies(ctx: ExecContext): boolean {
  let outermostInherited = false;
  for (let i = ctx.frames.length - 1; i >= 0; i--) {
    const frame = ctx.frames[i];
    if (frame.label === 'AnonymousBlock') return true;
    const mode = frame.cls?.sharing ?? null;
    if (mode === 'with') return true;
    if (mode === 'without') return false;
    outermostInherited = mode === 'inherited';
  }
  return outermostInherited;
}
