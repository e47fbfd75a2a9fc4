// The official Node.js tus server, as its README sets it up: @tus/server with @tus/file-store, nothing else.
// The photos benchmark (docs/benchmarks.md) starts it as `node server.js PORT DIRECTORY` and PATCHes the same files
// into it as into camroll. It neither hashes the bytes nor touches a database, and @tus/file-store does not fsync:
// its 204 promises less than camroll's.
import { Server } from "@tus/server";
import { FileStore } from "@tus/file-store";

const [port, directory] = process.argv.slice(2);
if (!port || !directory) {
  console.error("usage: node server.js PORT DIRECTORY");
  process.exit(2);
}

const server = new Server({
  path: "/files",
  datastore: new FileStore({ directory }),
});
server.listen({ host: "127.0.0.1", port: Number(port) }, () => {
  console.log(`tus-node listening on 127.0.0.1:${port}, storing into ${directory}`);
});
