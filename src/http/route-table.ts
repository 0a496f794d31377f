/**
 * Which methods each registered path takes, filled from Fastify's onRoute hook. Fastify answers an
 * unknown method on a known path with a 404; with this table the not-found handler can answer 405 and
 * an Allow header instead, and the contract tests can compare the routes with openapi.yaml.
 */
export interface RegisteredRoute {
  method: string;
  url: string;
}

export class RouteTable {
  private readonly byUrl = new Map<string, Set<string>>();

  add(methods: string | string[], url: string): void {
    let set = this.byUrl.get(url);
    if (!set) {
      set = new Set();
      this.byUrl.set(url, set);
    }
    for (const method of Array.isArray(methods) ? methods : [methods]) set.add(method.toUpperCase());
  }

  /**
   * The methods the path takes: those of the routes registered for it, plus those every path takes
   * (the CORS preflight's OPTIONS on `*`). Empty when no route of its own has the path: then it is
   * not found, whatever the catch-all routes take.
   */
  allowedMethods(path: string): string[] {
    const own = new Set<string>();
    const everywhere = new Set<string>();
    for (const [url, set] of this.byUrl) {
      const target = url === '*' || url === '/*' ? everywhere : matches(url, path) ? own : undefined;
      if (target) for (const method of set) target.add(method);
    }
    return own.size === 0 ? [] : [...new Set([...own, ...everywhere])].sort();
  }

  routes(): RegisteredRoute[] {
    return [...this.byUrl].flatMap(([url, methods]) => [...methods].map((method) => ({ method, url })));
  }
}

/** The service's routes are static paths, plus the docs' asset wildcard `/docs/static/*`. */
function matches(url: string, path: string): boolean {
  if (url.endsWith('*')) return path.startsWith(url.slice(0, -1));
  return url === path;
}
