/**
 * A small router: `/services/data/:version/sobjects/:type` style patterns, literal parts
 * case-insensitive; a last part `*name` matches one or more remaining parts (joined with `/`).
 */
import type { Handler } from './types.ts';

export interface RouteOptions {
  /** Needs a Bearer session (default true). */
  auth?: boolean;
}

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
  auth: boolean;
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; auth: boolean; params: Record<string, string> }
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    this.routes.push({
      method,
      parts: pattern.split('/').filter(Boolean),
      handler,
      auth: options.auth ?? true,
    });
    return this;
  }

  get(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('GET', pattern, handler, options);
  }

  post(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('POST', pattern, handler, options);
  }

  patch(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('PATCH', pattern, handler, options);
  }

  delete(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('DELETE', pattern, handler, options);
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchParts(route.parts, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, auth: route.auth, params };
      }
      allowed.push(route.method);
    }
    return allowed.length ? { kind: 'method', allowed } : { kind: 'none' };
  }
}

function matchParts(pattern: string[], parts: string[]): Record<string, string> | null {
  const rest = pattern.at(-1)?.startsWith('*') === true;
  if (rest ? parts.length < pattern.length : pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (rest && i === pattern.length - 1) params[p.slice(1)] = parts.slice(i).join('/');
    else if (p.startsWith(':')) params[p.slice(1)] = parts[i];
    else if (p.toLowerCase() !== parts[i].toLowerCase()) return null;
  }
  return params;
}
