export interface Config {
  releases?: {
    metrics?: {
      /**
       * Prometheus as a metrics source (id `prometheus`). Without this
       * section the module adds nothing.
       */
      prometheus?: {
        /** Base URL of the Prometheus HTTP API, e.g. `http://prometheus:9090`. */
        baseUrl: string;
        /**
         * Headers sent with every request, e.g. `Authorization`. Never logged.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Seconds a request may take before the source counts as down. Default: 10. */
        timeout?: number;
        /**
         * Named PromQL templates per indicator: a query, or `good` and
         * `total` for a ratio. Placeholders: `${entity}`, `${entityRef}`,
         * `${system}`, `${environment}`, `${version}`, `${namespace}`,
         * `${window}` and Keptn's `$SERVICE`, `$STAGE`, `$PROJECT`,
         * `$DEPLOYMENT`, `$DURATION_SECONDS`.
         */
        queries?: {
          [indicator: string]: string | { good: string; total: string };
        };
      };
    };
  };
}
