export { registerLocations } from './location-routes.ts';
