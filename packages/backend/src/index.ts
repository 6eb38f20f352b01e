/*
 * The portal backend: catalog, guest sign-in, permissions and the releases
 * plugin, on the new backend system.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Owners and release managers may promote; see modules/permissionPolicy.ts.
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@releases-for-backstage/plugin-releases-backend'));

backend.start();
