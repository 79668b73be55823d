import type { Express } from 'express';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  match(path: string): boolean;
}

/**
 * The `METHOD /path` of every route the app serves under `/api`, read from express's own router
 * (Express 5): top-level routes, and routes of routers mounted at `/api`.
 */
export function apiRoutes(app: Express): string[] {
  const out = new Set<string>();
  const top = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  const add = (prefix: string, route: NonNullable<Layer['route']>) => {
    for (const [m, on] of Object.entries(route.methods))
      if (on && m !== '_all') out.add(`${m.toUpperCase()} ${prefix}${route.path}`);
  };
  for (const layer of top) {
    if (layer.route) {
      if (layer.route.path.startsWith('/api/')) add('', layer.route);
    } else if (layer.handle?.stack && layer.match('/api/zz-probe') && !layer.match('/zz-probe')) {
      for (const inner of layer.handle.stack) if (inner.route) add('/api', inner.route);
    }
  }
  return [...out].sort();
}
