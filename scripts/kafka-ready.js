// Waits until a Kafka broker answers a metadata request. Usage: node scripts/kafka-ready.js host:port [timeoutSeconds]
const { Kafka, logLevel } = require('kafkajs');
const broker = process.argv[2] || '127.0.0.1:9092';
const deadline = Date.now() + Number(process.argv[3] || 90) * 1000;
(async () => {
  const admin = new Kafka({ clientId: 'kafka-ready', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  for (;;) {
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      console.log(`[kafka] broker ${broker} answers metadata requests`);
      return;
    } catch (err) {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline) {
        console.error(`[kafka] broker ${broker} not ready: ${err.message}`);
        process.exit(1);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
})();
