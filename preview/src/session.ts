// Who the preview is acting as: a persona logs in through the local org's OAuth password flow
// (same origin, so no CORS). The token lives in this module and in the tab's sessionStorage
// only, so a reload keeps the persona; it is never logged or shown.
import { clientId, clientSecret, password } from '@localorg/login';

export type PersonaId =
  'channel-manager' | 'partner' | 'partner-colleague' | 'partner-other-account';

/** A demo user the preview can act as (`GET /preview/personas.json`, localorg/preview.ts). */
export interface Persona {
  id: PersonaId;
  /** "Channel manager", "Partner user", "Partner colleague", "Other partner". */
  role: string;
  name: string;
  username: string;
  accountName: string | null;
  /** A partner's live site (the site shell's header); null for the channel manager. */
  siteName: string | null;
}

/** Where a persona works: the Lightning app (Channel Kit) or the partner site. */
export type Surface = 'app' | 'site';

export function surfaceOf(persona: Persona): Surface {
  return persona.accountName === null ? 'app' : 'site';
}

export interface Session {
  persona: Persona;
  accessToken: string;
  userId: string;
}

const STORAGE_KEY = 'channelkit.preview.session';
let current: Session | null = restore();

function restore(): Session | null {
  try {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    return saved ? (JSON.parse(saved) as Session) : null;
  } catch {
    return null;
  }
}

export function currentSession(): Session | null {
  return current;
}

export async function loadPersonas(): Promise<Persona[]> {
  const response = await fetch('/preview/personas.json');
  if (!response.ok)
    throw new Error(`The local org did not list personas (HTTP ${response.status}).`);
  return ((await response.json()) as { personas: Persona[] }).personas;
}

interface TokenResponse {
  access_token?: string;
  /** `<instance>/id/<orgId>/<userId>` */
  id?: string;
  error_description?: string;
}

export async function logIn(persona: Persona): Promise<Session> {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: clientId,
    client_secret: clientSecret,
    username: persona.username,
    password,
  });
  const response = await fetch('/services/oauth2/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const body = (await response.json()) as TokenResponse;
  if (!response.ok || !body.access_token || !body.id) {
    throw new Error(
      `Could not log in as ${persona.name} (${persona.username}): ${body.error_description ?? `HTTP ${response.status}`}.`,
    );
  }
  current = { persona, accessToken: body.access_token, userId: body.id.split('/').pop() ?? '' };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  return current;
}

/** Whether the local org still accepts a session's token (it may have been restarted afresh). */
export async function isSessionValid(session: Session): Promise<boolean> {
  const response = await fetch('/services/oauth2/userinfo', {
    headers: { Authorization: `Bearer ${session.accessToken}` },
  });
  return response.ok;
}

export function logOut(): void {
  current = null;
  sessionStorage.removeItem(STORAGE_KEY);
}
