import { buildWebIfStale } from './build-web';

// `npm start`: build the web app when its build is missing or older than its sources, then serve.
await buildWebIfStale({ force: false });
await import('./main');
