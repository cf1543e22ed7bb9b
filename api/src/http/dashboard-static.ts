import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Where `vite build` writes the dashboard (dashboard/dist at the repository's root). */
export function dashboardDist(): string {
  const candidates = [path.resolve(__dirname, '../../../dashboard/dist'), path.resolve(process.cwd(), 'dashboard/dist')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0];
}

/**
 * The built dashboard under /dashboard: hashed assets cached for a year, every other path the SPA's
 * index.html (the browser's router reads it), never cached. Without a build: a 503 saying how to make one.
 */
export function serveDashboard(dir = dashboardDist()) {
  const assets = express.static(dir, { index: false, immutable: true, maxAge: '365d', fallthrough: true });
  return [
    (req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/assets/') ? assets(req, res, next) : next()),
    (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      const index = path.join(dir, 'index.html');
      if (!fs.existsSync(index)) return void res.status(503).type('text/plain').send('The dashboard is not built: run `npm run build -w dashboard` (npm start builds it).\n');
      res.set('Cache-Control', 'no-cache');
      res.sendFile(index);
    },
  ];
}
