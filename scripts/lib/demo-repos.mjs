// Over 400 lines: one scripted history per demo component, data more than code.
// The demo repositories of the `shop` product (catalog/shop.yaml): one
// scripted, deterministic history per component. Dates are spread over the
// ~10 weeks before `now`; messages, files, branches and tags are always the
// same. The `expected` block of each repository documents what the versioning
// engine should compute for the unreleased commits (used by end-to-end tests).

import { HistoryBuilder } from './history.mjs';

/** Commit authors: the users of catalog/org.yaml. */
export const PEOPLE = {
  alice: { name: 'Alice Moreau', email: 'alice@shop.example.com', tz: '+0100' },
  ben: { name: 'Ben Okafor', email: 'ben@shop.example.com', tz: '+0000' },
  carol: { name: 'Carol Nguyen', email: 'carol@shop.example.com', tz: '+0100' },
  dev: { name: 'Dev Patel', email: 'dev@shop.example.com', tz: '+0530' },
  erin: { name: 'Erin Schmidt', email: 'erin@shop.example.com', tz: '+0100' },
  frank: { name: 'Frank Rossi', email: 'frank@shop.example.com', tz: '+0100' },
  hana: { name: 'Hana Suzuki', email: 'hana@shop.example.com', tz: '+0900' },
  grace: { name: 'Grace Lindqvist', email: 'grace@shop.example.com', tz: '+0100' },
  sam: { name: 'Sam Kowalski', email: 'sam@shop.example.com', tz: '+0100' },
  quinn: { name: 'Quinn Murphy', email: 'quinn@shop.example.com', tz: '-0500' },
};

const BREAKING_ORDERS = `feat(api)!: require an Idempotency-Key header on POST /orders

Retries from the storefront created duplicate orders when the payment
provider was slow. Orders are now created at most once per key.

BREAKING CHANGE: POST /orders without an Idempotency-Key header is rejected
with 400. Clients must send a unique key per checkout attempt.
Refs: SHOP-412`;

/**
 * A commit's files for database migration `n`: the schema version file the
 * catalog names (`releases-for-backstage.io/schema-file`) and the SQL.
 */
function migration(n) {
  return {
    'db/schema-version': `${n}\n`,
    [`db/migrations/${String(n).padStart(4, '0')}.sql`]: `-- migration ${n}\n`,
  };
}

/**
 * Service level objectives of the demo, in the root commit so no history
 * changes: ours (cart, checkout) and a Keptn slo.yaml with its sli.yaml
 * (payments), read unchanged.
 */
const OWN_SLO = (service, latency) => `apiVersion: releases-for-backstage.io/v1alpha1
kind: ServiceLevelObjectives
metadata:
  name: ${service}
spec:
  window: 30d
  totalScore: { pass: 90, warning: 75 }
  objectives:
    - name: latency_p95
      displayName: Latency p95 (ms)
      indicator:
        type: threshold
        query: 'histogram_quantile(0.95, sum by (le) (rate(http_server_duration_milliseconds_bucket{service="\${entity}",env="\${environment}"}[\${window}])))'
      pass: [{ criteria: ['<=${latency}', '<=+15%'] }]
      warning: [{ criteria: ['<=${latency * 2}'] }]
    - name: error_rate
      displayName: Error rate (%)
      indicator:
        type: threshold
        query: '100 * sum(rate(http_requests_total{service="\${entity}",env="\${environment}",code=~"5.."}[\${window}])) / sum(rate(http_requests_total{service="\${entity}",env="\${environment}"}[\${window}]))'
      pass: [{ criteria: ['<=0.5'] }]
      warning: [{ criteria: ['<=1'] }]
      weight: 2
      key: true
    - name: availability
      displayName: Availability
      indicator:
        type: ratio
        good: 'sum(rate(http_requests_total{service="\${entity}",env="\${environment}",code!~"5.."}[\${window}]))'
        total: 'sum(rate(http_requests_total{service="\${entity}",env="\${environment}"}[\${window}]))'
      target: 0.999
      pass: [{ criteria: ['>=0.999'] }]
      warning: [{ criteria: ['>=0.995'] }]
`;
const KEPTN_SLO = `spec_version: "1.0"
comparison:
  compare_with: "several_results"
  number_of_comparison_results: 3
  include_result_with_score: "pass"
  aggregate_function: "avg"
objectives:
  - sli: "response_time_p95"
    displayName: "Response time p95 (ms)"
    pass:
      - criteria:
          - "<=+10%"
          - "<600"
    warning:
      - criteria:
          - "<=800"
  - sli: "error_rate"
    displayName: "Error rate (%)"
    pass:
      - criteria:
          - "<=1"
    warning:
      - criteria:
          - "<=2"
    weight: 2
    key_sli: true
  - sli: "throughput"
    displayName: "Throughput (req/s)"
total_score:
  pass: "90%"
  warning: "75%"
`;
const KEPTN_SLI = `spec_version: "1.0"
indicators:
  response_time_p95: histogram_quantile(0.95, sum by (le) (rate(http_server_duration_milliseconds_bucket{service="$SERVICE",env="$STAGE"}[5m])))
  error_rate: 100 * sum(rate(http_requests_total{service="$SERVICE",env="$STAGE",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="$SERVICE",env="$STAGE"}[5m]))
  throughput: sum(rate(http_requests_total{service="$SERVICE",env="$STAGE"}[5m]))
`;

/** name -> { build(now) -> events, tagPrefix, preset, expected } */
export const DEMO_REPOS = {
  storefront: {
    tagPrefix: 'storefront-v',
    preset: 'conventionalcommits',
    expected: {
      latestTag: 'storefront-v2.3.0',
      unreleased: ['feat(search)', 'fix(a11y)', 'docs', 'merge'],
      bump: 'minor',
      next: '2.4.0',
      notes:
        'The root commit also carries the lightweight tag `v5.2.0` of the old monorepo: ' +
        'it does not match the prefix `storefront-v` and must be ignored.',
    },
    build(b) {
      b.scaffold('chore: import storefront from the web monorepo', {
        author: 'alice',
        description: 'Customer-facing web shop of the shop product.',
      });
      b.tag('5.2.0', { prefix: 'v' }); // tag of the old monorepo, wrong prefix
      b.commit('ci: deploy previews for pull requests');
      b.release('1.8.0', { annotated: true });
      b.commit('feat(search): suggest products while typing');
      b.commit('fix(search): debounce suggestion requests');
      b.commit('test(search): cover empty suggestion lists');
      b.release('1.9.0', { annotated: true });
      b.fork('feature-new-checkout-ui');
      b.commit('feat(checkout-ui): one-page checkout behind the new-checkout toggle', {
        branch: 'feature-new-checkout-ui',
      });
      b.commit('fix(product-page): show strike-through price for discounted items');
      b.commit('feat(checkout-ui): inline address validation', {
        branch: 'feature-new-checkout-ui',
      });
      b.commit('test(checkout-ui): end-to-end test of the one-page checkout', {
        branch: 'feature-new-checkout-ui',
      });
      b.merge('feature-new-checkout-ui', 'feat(checkout-ui): one-page checkout', { pr: 211 });
      b.commit('docs: document the feature toggles');
      b.commit(
        'feat(product-page)!: drop the legacy /p/<id> URLs\n\nProduct pages live under /products/<slug> since 1.6.\n\nBREAKING CHANGE: /p/<id> no longer redirects; update bookmarks and feeds.',
      );
      b.release('2.0.0-rc.1', { annotated: true, commit: false });
      b.commit('fix(product-page): keep query parameters on redirects');
      b.release('2.0.0', { annotated: true });
      b.commit('perf(images): serve AVIF images with a WebP fallback');
      b.commit('chore(deps): bump react from 18.2.0 to 18.3.1');
      b.release('2.0.1', { annotated: true });
      b.commit('feat(account): order history with reorder button');
      b.commit('refactor(account): share address form with checkout');
      b.commit('fix(account): localise order dates');
      b.release('2.1.0', { annotated: true });
      b.fork('feature-wishlist');
      b.commit('feat(wishlist): add items to a wishlist', { branch: 'feature-wishlist' });
      b.commit('ci: cache the Playwright browsers');
      b.commit('feat(wishlist): share wishlists by link', { branch: 'feature-wishlist' });
      b.merge('feature-wishlist', 'feat(wishlist): wishlists', { pr: 230 });
      b.release('2.2.0', { annotated: true });
      b.commit('fix(cart-drawer): update the badge after removing the last item');
      b.commit('perf(search): prefetch the first result page');
      b.release('2.2.1', { annotated: true });
      b.commit('feat(i18n): Swedish and Norwegian translations');
      b.commit('docs(i18n): how to add a language');
      b.release('2.3.0', { annotated: true });
      // unreleased
      b.fork('feature-search-filters');
      b.commit('feat(search): filter results by price and brand', {
        branch: 'feature-search-filters',
      });
      b.commit('fix(a11y): label the search field for screen readers');
      b.merge('feature-search-filters', 'feat(search): result filters', { pr: 247 });
      b.commit('docs: update the screenshots in the README');
    },
  },

  cart: {
    tagPrefix: 'v',
    preset: 'conventionalcommits',
    expected: {
      latestTag: 'v1.4.0',
      unreleased: [
        'fix(api)',
        'feat(cart) [reverted]',
        'chore(deps)',
        'Revert "feat(cart): show the estimated delivery date"',
      ],
      bump: 'minor',
      next: '1.5.0',
      notes:
        'Under conventionalcommits (release-please) a revert does not cancel the commit it ' +
        'reverts, and git\'s default `Revert "..."` header is not conventional, so the feat ' +
        'still releases (1.5.0); under angular (semantic-release) the pair would cancel and ' +
        'only the fix would release (1.4.1). ' +
        'v1.4.0-rc.2 and v1.4.0 point at the same commit. Branch feature-gift-cards is not merged.',
    },
    build(b) {
      b.scaffold('chore: initial commit from the service template', {
        author: 'carol',
        files: { 'slo.yaml': OWN_SLO('cart', 250) },
      });
      b.commit('feat(api): cart resource with line items');
      b.commit('feat(db): persist carts in PostgreSQL');
      b.commit('test(api): validate line item quantities');
      b.commit('ci: build and push the container image');
      b.tag('0.1.0', { annotated: true });
      b.commit('feat(api): update line item quantities');
      b.commit('fix(db): close the connection pool on shutdown');
      b.commit('docs: describe local development');
      b.tag('0.2.0', { annotated: true });
      b.fork('feature-promo-codes');
      b.commit('feat(promo): apply percentage promo codes', { branch: 'feature-promo-codes' });
      b.commit('fix(api): return 404 for unknown cart ids');
      b.commit('test(promo): promo code fixtures', { branch: 'feature-promo-codes' });
      b.commit('feat(promo): fixed-amount discounts', { branch: 'feature-promo-codes' });
      b.merge('feature-promo-codes', 'feat(promo): promo codes', { pr: 12 });
      b.tag('0.3.0', { annotated: true });
      b.commit('perf(db): batch line item inserts');
      b.commit('refactor(api): one handler module per resource');
      b.commit('chore(deps): bump express from 4.18.2 to 4.19.2');
      b.tag('0.3.1', { annotated: true });
      b.commit(
        'feat(api)!: serve the REST API under /v1\n\nBREAKING CHANGE: the unversioned /cart endpoints are gone; use /v1/carts.',
      );
      b.commit('docs(api): document the /v1 endpoints');
      b.tag('1.0.0-rc.1');
      b.commit('fix(api): keep a redirect from /cart for old clients');
      b.tag('1.0.0-rc.2');
      b.tag('1.0.0', { annotated: true });
      b.fork('feature-saved-carts');
      b.commit('feat(cart): save a cart for later', { branch: 'feature-saved-carts' });
      b.commit('fix(session): extend cart sessions to 30 days');
      b.commit('feat(cart): restore the saved cart on sign-in', { branch: 'feature-saved-carts' });
      b.commit('test(cart): saved cart round trip', { branch: 'feature-saved-carts' });
      b.merge('feature-saved-carts', 'feat(cart): saved carts', { pr: 27 });
      b.tag('1.1.0', { annotated: true });
      b.commit('fix(promo): round discounts half-even');
      b.tag('1.1.1', { annotated: true });
      b.commit('feat(pricing): tax-inclusive prices per country');
      b.commit('ci: test on Node 20 and 22');
      b.tag('1.2.0', { annotated: true });
      b.fork('feature-cart-events');
      b.commit('feat(events): publish cart-updated events', { branch: 'feature-cart-events' });
      b.commit('fix(events): include the currency in event payloads', {
        branch: 'feature-cart-events',
      });
      b.commit('chore(deps): bump pg from 8.11.3 to 8.12.0');
      b.merge('feature-cart-events', 'feat(events): cart events', { pr: 34 });
      b.commit('perf(api): cache price lookups for 60 seconds');
      b.tag('1.3.0', { annotated: true });
      b.commit('fix(pricing): handle countries without VAT');
      b.tag('1.3.1', { annotated: true });
      b.commit('feat(promo): stackable promo codes');
      b.commit('test(promo): stacking rules');
      b.tag('1.4.0-rc.1');
      b.commit('fix(promo): reject stacking of exclusive codes');
      b.tag('1.4.0-rc.2');
      b.tag('1.4.0', { annotated: true });
      // unreleased
      b.commit('fix(api): return 409 on concurrent line item updates\n\nRefs: SHOP-388');
      b.commit('feat(cart): show the estimated delivery date', { id: 'eta' });
      b.fork('feature-gift-cards'); // open pull request, never merged
      b.commit('feat(giftcards): redeem gift cards', { branch: 'feature-gift-cards' });
      b.commit('chore(deps): bump express from 4.19.2 to 4.21.0');
      b.revert('eta');
    },
  },

  checkout: {
    tagPrefix: 'v',
    preset: 'conventionalcommits',
    schemaFile: 'db/schema-version',
    expected: {
      latestTag: 'v2.7.1',
      unreleased: ['feat(address)', 'fix(tax)', 'feat(api)! + BREAKING CHANGE footer', 'merge'],
      bump: 'major',
      next: '3.0.0',
      notes: 'Breaking change by both `!` and a `BREAKING CHANGE:` footer. Lightweight tags only.',
    },
    build(b) {
      b.scaffold('chore: initial commit', {
        author: 'carol',
        files: { 'slo.yaml': OWN_SLO('checkout', 400) },
      });
      b.commit('feat(orders): create orders from a cart');
      b.commit('chore(db): orders schema, migrations 1 to 3', { files: migration(3) });
      b.release('2.5.0');
      b.commit('feat(shipping-choice): let customers pick a delivery option');
      b.commit('fix(orders): store the currency with each order');
      b.commit('test(orders): contract tests against the payments API');
      b.release('2.5.1');
      b.fork('feature-guest-checkout');
      b.commit('feat(auth): guest checkout without an account', { branch: 'feature-guest-checkout' });
      b.commit('ci: run contract tests nightly');
      b.commit('fix(auth): send the order confirmation to the guest email', {
        branch: 'feature-guest-checkout',
      });
      b.commit('test(auth): guest checkout journey', { branch: 'feature-guest-checkout' });
      b.merge('feature-guest-checkout', 'feat(auth): guest checkout', { pr: 88 });
      b.release('2.6.0-rc.1', { commit: false });
      b.commit('fix(orders): do not reuse order numbers after a rollback');
      b.release('2.6.0');
      b.commit('perf(orders): one round trip to fetch cart and prices');
      b.commit('refactor(orders): extract the order state machine');
      b.commit('chore(deps): bump axios from 1.6.8 to 1.7.2');
      b.release('2.6.1');
      b.commit('feat(payments): retry declined card payments once with 3-D Secure');
      b.commit('docs(payments): sequence diagram of the payment flow');
      b.commit('fix(payments): time out PSP calls after 10 seconds');
      b.commit('chore(db): migration 4 records payment attempts', { files: migration(4) });
      b.release('2.7.0-rc.1', { commit: false });
      b.commit('fix(payments): map PSP error codes to user messages');
      b.release('2.7.0-rc.2', { commit: false });
      b.release('2.7.0');
      b.commit('fix(orders): round totals to the currency minor unit');
      // Totals move to minor units: 2.7.0 cannot read them, so the schema blocks its rollback.
      b.commit('chore(db): migration 5 stores order totals in minor units', { files: migration(5) });
      b.release('2.7.1');
      // unreleased
      b.fork('feature-address-lookup');
      b.commit('feat(address): postcode lookup for UK and NL addresses', {
        branch: 'feature-address-lookup',
      });
      b.commit('fix(tax): apply reduced VAT to books in DE');
      b.commit('test(address): postcode lookup fixtures', { branch: 'feature-address-lookup' });
      b.merge('feature-address-lookup', 'feat(address): postcode lookup', { pr: 104 });
      b.commit(BREAKING_ORDERS, { author: 'carol' });
      b.commit('docs(api): Idempotency-Key in the OpenAPI description');
    },
  },

  payments: {
    tagPrefix: 'v',
    preset: 'angular',
    schemaFile: 'db/schema-version',
    expected: {
      latestTag: 'v1.10.0',
      unreleased: ['feat(refunds)', 'fix(webhooks)', 'perf(psp)', 'Update README.md (non-conventional)', 'merge'],
      bump: 'minor',
      next: '1.11.0',
      notes:
        'Preset angular. Tags v1.9.x and v1.10.0 exist: versions must be compared numerically ' +
        '(v1.10.0 is newer than v1.9.2). "Update README.md" is not a conventional commit.',
    },
    build(b) {
      b.scaffold('chore: initial commit', {
        author: 'dev',
        files: { 'keptn/slo.yaml': KEPTN_SLO, 'keptn/sli.yaml': KEPTN_SLI },
      });
      b.commit('feat(cards): authorise and capture card payments');
      b.commit('chore(db): payments schema', { files: migration(1) });
      b.release('1.7.0', { annotated: true });
      b.commit('feat(wallets): Apple Pay and Google Pay');
      b.commit('test(wallets): wallet token fixtures');
      b.release('1.8.0', { annotated: true });
      b.commit('fix(cards): handle soft declines as retryable');
      b.commit('Update README.md', { author: 'erin' });
      b.release('1.8.1', { annotated: true });
      b.fork('feature-psp-failover');
      b.commit('feat(psp): fail over to the secondary PSP', { branch: 'feature-psp-failover' });
      b.commit('fix(webhooks): verify signatures with the rotated secret');
      b.commit('test(psp): failover when the primary times out', {
        branch: 'feature-psp-failover',
      });
      b.merge('feature-psp-failover', 'feat(psp): PSP failover', { pr: 61 });
      b.release('1.9.0', { annotated: true });
      b.commit('fix(psp): do not fail over on 4xx answers');
      b.release('1.9.1', { annotated: true });
      b.commit('perf(cards): reuse TLS sessions to the PSP');
      b.commit('chore(deps): bump stripe from 14.25.0 to 15.8.0');
      b.commit('ci: scan images for vulnerabilities');
      // Migration 2 only adds a table: 1.9.2 declares it runs on it, so its rollback goes through.
      b.commit('chore(db): 1.9.x runs on schema 2 (settlements table)', {
        files: { 'db/schema-version': 'version: 1\ncompatibleUpTo: 2\n' },
      });
      b.release('1.9.2', { annotated: true });
      b.commit('feat(reports): daily settlement report');
      b.commit('docs(reports): settlement report columns');
      b.commit('refactor(cards): typed PSP client');
      b.commit('chore(db): migration 2 adds the settlements table', { files: migration(2) });
      b.release('1.10.0', { annotated: true });
      // unreleased
      b.fork('feature-partial-refunds');
      b.commit('feat(refunds): partial refunds\n\nCloses SHOP-377', {
        branch: 'feature-partial-refunds',
      });
      b.commit('fix(webhooks): ignore duplicate refund notifications');
      b.commit('test(refunds): partial refund amounts', { branch: 'feature-partial-refunds' });
      b.merge('feature-partial-refunds', 'feat(refunds): partial refunds', { pr: 75 });
      b.commit('perf(psp): pool HTTP connections per merchant account');
      b.commit('Update README.md', { author: 'erin' });
    },
  },

  inventory: {
    tagPrefix: 'v',
    preset: 'conventionalcommits',
    expected: {
      latestTag: 'v1.2.3',
      unreleased: ['docs(api)', 'chore(deps)', 'chore', 'docs'],
      bump: null,
      next: null,
      notes: 'Only chore/docs since the last release: nothing to release.',
    },
    build(b) {
      b.scaffold('chore: initial commit', { author: 'frank' });
      b.commit('feat(stock): stock levels per warehouse');
      b.commit('feat(api): GET /stock/:sku');
      b.release('1.0.0');
      b.commit('feat(reservations): reserve stock for open carts');
      b.commit('test(reservations): concurrent reservations');
      b.release('1.1.0');
      b.commit('fix(reservations): release expired reservations every minute');
      b.release('1.1.1');
      b.fork('feature-stock-events');
      b.commit('feat(events): consume goods-received events', { branch: 'feature-stock-events' });
      b.commit('docs: runbook for stuck reservations');
      b.commit('fix(events): skip events for unknown warehouses', {
        branch: 'feature-stock-events',
      });
      b.merge('feature-stock-events', 'feat(events): stock events', { pr: 19 });
      b.release('1.2.0-rc.1', { commit: false, annotated: true });
      b.commit('fix(events): idempotent goods-received handling');
      b.release('1.2.0-rc.2', { commit: false, annotated: true });
      b.release('1.2.0', { annotated: true });
      b.commit('perf(stock): index stock by sku and warehouse');
      b.release('1.2.1', { annotated: true });
      b.commit('fix(api): 400 instead of 500 for malformed skus');
      b.commit('ci: publish the OpenAPI document');
      b.release('1.2.2', { annotated: true });
      b.commit('fix(reservations): never reserve negative quantities');
      b.release('1.2.3', { annotated: true });
      // unreleased: nothing that releases
      b.commit('docs(api): examples for the reservation endpoints');
      b.commit('chore(deps): bump fastify from 4.26.2 to 4.28.1');
      b.commit('chore: tidy the Dockerfile');
      b.commit('docs: add the on-call contact to the README');
    },
  },

  shipping: {
    tagPrefix: 'v',
    preset: 'conventionalcommits',
    expected: {
      latestTag: 'v0.3.2',
      unreleased: ['feat(labels)', 'feat(carriers)', 'fix(rates)', 'test(labels)', 'merge'],
      bump: 'minor',
      next: '0.4.0',
      notes:
        'Pre-1.0: a feat bumps the minor version (0.3.2 -> 0.4.0). Lightweight tags only. ' +
        'The DHL pull request adds a 1,200-line zone table: an XL functional change, high risk.',
    },
    build(b) {
      b.scaffold('chore: initial commit', { author: 'hana' });
      b.commit('feat(rates): flat shipping rates per country');
      b.commit('ci: lint and test on pull requests');
      b.commit('docs: API overview');
      b.release('0.1.0');
      b.commit('feat(carriers): DPD rate quotes');
      b.commit('fix(rates): free shipping threshold in the cart currency');
      b.release('0.2.0');
      b.commit('fix(carriers): retry DPD quotes on 503');
      b.commit('chore: structured JSON logs');
      b.release('0.2.1');
      b.fork('feature-tracking');
      b.commit('feat(tracking): parcel tracking webhooks', { branch: 'feature-tracking' });
      b.commit('refactor(carriers): one adapter per carrier');
      b.commit('test(tracking): webhook fixtures for DPD', { branch: 'feature-tracking' });
      b.merge('feature-tracking', 'feat(tracking): parcel tracking', { pr: 9 });
      b.release('0.3.0');
      b.commit('fix(tracking): ignore duplicate tracking events');
      b.commit('test(rates): property tests for rate rounding');
      b.release('0.3.1');
      b.commit('perf(rates): cache carrier quotes for five minutes');
      b.commit('chore(deps): bump undici from 6.11.1 to 6.19.2');
      b.release('0.3.2');
      // unreleased
      b.fork('feature-dhl-labels');
      b.commit('feat(labels): print DHL shipping labels', { branch: 'feature-dhl-labels' });
      b.commit('feat(carriers): DHL zone rates for every destination', {
        branch: 'feature-dhl-labels',
        files: { 'src/carriers/dhl-zones.js': dhlZoneTable() },
      });
      b.commit('fix(rates): use the billing country when no shipping country is set');
      b.commit('test(labels): DHL label snapshots', { branch: 'feature-dhl-labels' });
      b.merge('feature-dhl-labels', 'feat(labels): DHL labels', { pr: 14 });
    },
  },
};

/**
 * A large generated rate table (about 1,200 lines), so that one demo pull
 * request is an XL functional change and the risk model rates it high.
 */
function dhlZoneTable() {
  const countries = ['AT', 'BE', 'CH', 'CZ', 'DE', 'DK', 'ES', 'FI', 'FR', 'GB', 'IE', 'IT', 'LU', 'NL', 'NO', 'PL', 'PT', 'SE', 'SI', 'SK'];
  const lines = ['// DHL Paket rates by destination and weight band (EUR).', 'export const DHL_ZONES = ['];
  countries.forEach((country, c) => {
    for (let kg = 1; kg <= 60; kg++) {
      const rate = (4.99 + c * 0.35 + kg * 0.42).toFixed(2);
      lines.push(`  { country: '${country}', maxKg: ${kg}, eur: ${rate} },`);
    }
  });
  lines.push('];', '');
  return lines.join('\n');
}

const TEAMS = {
  storefront: { team: ['alice', 'ben'], deps: { react: '^18.2.0', express: '^4.19.2' } },
  cart: { team: ['carol', 'erin', 'dev'], deps: { express: '^4.18.2', pg: '^8.11.3' } },
  checkout: { team: ['carol', 'erin'], deps: { axios: '^1.6.8', express: '^4.19.2' } },
  payments: { team: ['dev', 'erin'], deps: { stripe: '^14.25.0', express: '^4.19.2' } },
  inventory: { team: ['frank', 'hana'], deps: { fastify: '^4.26.2' } },
  shipping: { team: ['hana', 'frank'], deps: { undici: '^6.11.1' } },
};

/**
 * The fast-import events of demo repository `name` for a given `now`
 * (milliseconds), plus a summary.
 */
export function demoRepoEvents(name, { now = Date.now() } = {}) {
  const spec = DEMO_REPOS[name];
  if (!spec) throw new Error(`Unknown demo repository ${name}`);
  const { team, deps } = TEAMS[name];
  const b = new HistoryBuilder({
    name,
    people: PEOPLE,
    team,
    releaser: 'grace',
    tagPrefix: spec.tagPrefix,
    releaseCommits: name !== 'cart',
    kind: name === 'storefront' ? 'website' : 'service',
    dependencies: Object.fromEntries(
      Object.entries(deps).map(([k, v]) => [k, v]),
    ),
  });
  spec.build(b);
  const events = b.finish({ now });
  return {
    events,
    commits: events.filter(e => e.kind === 'commit').length,
    tags: b.tags.map(t => t.name),
  };
}
