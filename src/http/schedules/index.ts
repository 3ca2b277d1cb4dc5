export { registerSchedules } from './schedule-routes.ts';
