// A webhook target for infra/checks/api-http: listens on 127.0.0.1 (a free port), answers 204 to every POST and
// appends one JSON line per delivery (event type, its id and signature headers) to the file given as argv[2].
// Writes the port it listens on to argv[3]. Stops on SIGTERM.
import { appendFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";

const [logFile, portFile] = process.argv.slice(2);
if (!logFile || !portFile) {
  console.error("usage: node webhook-receiver.mjs <log file> <port file>");
  process.exit(2);
}
writeFileSync(logFile, "");

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    let type = null;
    try {
      type = JSON.parse(Buffer.concat(chunks).toString("utf8")).type ?? null;
    } catch {
      // not JSON: recorded with type null
    }
    appendFileSync(
      logFile,
      JSON.stringify({
        method: request.method,
        path: request.url,
        type,
        signature: request.headers["webhook-signature"] ?? null,
        timestamp: request.headers["webhook-timestamp"] ?? null,
      }) + "\n",
    );
    response.writeHead(request.method === "POST" ? 204 : 405).end();
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  writeFileSync(portFile, String(typeof address === "object" && address ? address.port : ""));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
