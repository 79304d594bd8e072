// node-fetch 3 is an ES module, which citation-js requires for its URL inputs (never used here) and Jest's CommonJS
// runtime cannot load; under Jest it is Node's own fetch. The service itself runs on Node 24, which requires it natively.
module.exports = (...args) => globalThis.fetch(...args);
module.exports.default = module.exports;
module.exports.Headers = globalThis.Headers;
module.exports.Request = globalThis.Request;
module.exports.Response = globalThis.Response;
