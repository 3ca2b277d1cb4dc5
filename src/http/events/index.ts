export { registerEvents } from './event-routes.ts';
