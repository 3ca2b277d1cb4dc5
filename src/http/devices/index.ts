export { registerDevices } from './device-routes.ts';
