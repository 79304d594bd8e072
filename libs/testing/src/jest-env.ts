// Loaded before every test file: keeps OpenTelemetry quiet (a metrics exporter makes shutdown hang ~8 s).
process.env['OTEL_METRICS_EXPORTER'] ??= 'none';
process.env['OTEL_TRACES_EXPORTER'] ??= 'none';
process.env['OTEL_LOGS_EXPORTER'] ??= 'none';
process.env['LOG_LEVEL'] ??= 'warn';
