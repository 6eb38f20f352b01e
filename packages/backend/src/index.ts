/*
 * The portal backend: catalog, guest sign-in, permissions, signals,
 * notifications and the releases plugin, on the new backend system.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Development only: sign in as any catalog user (auth provider and user list).
backend.add(import('./modules/demoSignIn'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Owners and release managers may promote; see modules/permissionPolicy.ts.
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@releases-for-backstage/plugin-releases-backend'));
// SLO indicators from Prometheus; adds nothing without releases.metrics.prometheus.
backend.add(
  import('@releases-for-backstage/plugin-releases-backend-module-prometheus'),
);

// Promotion progress reaches open pages (signals) and owners' inboxes (notifications).
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));

backend.start();
