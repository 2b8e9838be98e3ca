// A Node.js HTTP server: the port comes from the first argument.
const http = require("http");
const port = Number(process.argv[2] || 8080);
http
  .createServer((request, response) => response.end("node " + process.version + " says hello\n"))
  .listen(port, () => console.log("listening on " + port));
