export { registerSchedules } from './schedule-routes.ts';
export { registerSlots } from './slot-routes.ts';
