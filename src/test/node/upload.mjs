#!/usr/bin/env node
// Uploads one file to camroll with tus-js-client (the npm package, pinned in package.json), as a web or React
// Native app would: tus 1.0.0 or the IETF draft "Resumable Uploads for HTTP" (tus-js-client's 'ietf-draft-03' sends
// Upload-Draft-Interop-Version 5, 'ietf-draft-05' sends 6). It can cut the upload off after some bytes and resume
// it, the way a phone that loses its network does. Driven by TusJsClientTests; usable by hand as well:
//
//   node src/test/node/upload.mjs --server http://localhost:8080 --token "$TOKEN" --file photo.jpg \
//     --protocol ietf-draft-05 --batch-id <batchId> --client-asset-id <clientAssetId>
//
// Options (each also as an environment variable, e.g. --batch-id as UPLOAD_BATCH_ID):
//   --server URL           the service; the creation endpoint is <server>/v1/uploads
//   --token TOKEN          the bearer token
//   --file PATH            the file to send
//   --protocol P           tus (default) | ietf-draft-03 | ietf-draft-05
//   --batch-id ID          the manifest line to create the upload of (with --client-asset-id) ...
//   --client-asset-id ID
//   --upload-url URL       ... or the upload resource to resume (a new Upload object with uploadUrl: HEAD first)
//   --data-during-creation the creation request (POST) carries the file already (uploadDataDuringCreation)
//   --chunk-size BYTES     at most this many bytes per PATCH (default: the whole rest of the file in one)
//   --abort-after BYTES    abort() once onProgress reports this many bytes sent, then --then decides
//   --then ACTION          after the abort: resume (the same object's start(), the default) | new (a new Upload
//                          object with uploadUrl) | stop (end here, exit 0: another process may go on) |
//                          terminate (abort(true): the upload is deleted) | terminate-url (Upload.terminate(url))
//   --rate BYTES_PER_S     send request bodies at about this rate, in 64 KiB pieces (default: as fast as the
//                          socket takes them); tus-js-client reports progress at most every 100 ms, so a cut-off
//                          after some bytes needs a body that takes longer than that on localhost
//   --resume-delay MS      wait this long before resuming (default 300)
//   --no-retry             no retries (retryDelays: null); by default tus-js-client's own delays
//   --timeout MS           give up after this long (default 120000)
//   --debug                tus-js-client's enableDebugLog(), to stderr
//
// Prints one JSON line to stdout: {ok, protocol, url, size, offset, events: [{type, ...}]}, where each event is
// response (method, status, the Upload-Offset sent and answered), interim (a 1xx: status, Location, interop),
// progress, abort, resume, url, retry, success, terminated or error (with message and status). Exits 0 on success
// (or after stop/terminate), 1 on an upload error, 2 on bad arguments, 3 on timeout.

import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import * as tus from 'tus-js-client'

const PROTOCOLS = { tus: 'tus-v1', 'ietf-draft-03': 'ietf-draft-03', 'ietf-draft-05': 'ietf-draft-05' }
const ACTIONS = ['resume', 'new', 'stop', 'terminate', 'terminate-url']

function options(argv) {
  const flags = new Set(['no-retry', 'debug', 'data-during-creation'])
  const given = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`)
    const name = arg.slice(2)
    if (flags.has(name)) {
      given[name] = true
    } else if (i + 1 < argv.length) {
      given[name] = argv[++i]
    } else {
      throw new Error(`${arg} needs a value`)
    }
  }
  const get = (name, fallback) => {
    if (given[name] !== undefined) return given[name]
    const env = process.env[`UPLOAD_${name.toUpperCase().replaceAll('-', '_')}`]
    return env !== undefined && env !== '' ? env : fallback
  }
  const number = (name, fallback) => {
    const value = get(name, fallback)
    if (value === undefined) return undefined
    const n = Number(value)
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`)
    return n
  }
  const o = {
    server: get('server'),
    token: get('token'),
    file: get('file'),
    protocol: get('protocol', 'tus'),
    batchId: get('batch-id'),
    clientAssetId: get('client-asset-id'),
    uploadUrl: get('upload-url'),
    dataDuringCreation: Boolean(get('data-during-creation', false)),
    chunkSize: number('chunk-size'),
    abortAfter: number('abort-after'),
    then: get('then', 'resume'),
    rate: number('rate'),
    resumeDelay: number('resume-delay', 300),
    retry: !get('no-retry', false),
    timeout: number('timeout', 120000),
    debug: Boolean(get('debug', false)),
  }
  if (!o.file) throw new Error('--file is required')
  if (!PROTOCOLS[o.protocol]) throw new Error(`--protocol must be one of ${Object.keys(PROTOCOLS).join(', ')}`)
  if (!ACTIONS.includes(o.then)) throw new Error(`--then must be one of ${ACTIONS.join(', ')}`)
  if (!o.uploadUrl && !o.server) throw new Error('--server (to create the upload) or --upload-url is required')
  if (!o.uploadUrl && !(o.batchId && o.clientAssetId)) {
    throw new Error('creating an upload needs --batch-id and --client-asset-id')
  }
  return o
}

let o
try {
  o = options(process.argv.slice(2))
} catch (e) {
  process.stdout.write(`${JSON.stringify({ ok: false, events: [{ type: 'error', message: e.message }] })}\n`)
  process.exit(2)
}

if (o.debug) {
  // tus-js-client logs with console.log; stdout is kept for the one JSON line.
  console.log = (...args) => console.error(...args)
  tus.enableDebugLog()
}

const started = Date.now()
const file = readFileSync(o.file)
const events = []
const result = { ok: false, protocol: o.protocol, url: o.uploadUrl ?? null, size: file.length, offset: null, events }
const event = (type, fields = {}) => events.push({ type, ms: Date.now() - started, ...fields })

function finish(ok, code) {
  result.ok = ok
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(code)
}

const timer = setTimeout(() => {
  event('error', { message: `timed out after ${o.timeout} ms` })
  finish(false, 3)
}, o.timeout)
timer.unref?.()

// An error's message (tus-js-client's names the request, and the response's status and body) and status.
function describe(error) {
  const fields = { message: String(error?.message ?? error) }
  const res = error?.originalResponse
  if (res) fields.status = res.getStatus()
  return fields
}

// The progress events: the first, then one per 512 KiB, and the last, so the line stays short.
let lastReported = -1
function progress(sent, total) {
  if (lastReported < 0 || sent - lastReported >= 512 * 1024 || sent === total) {
    event('progress', { bytes: sent, total })
    lastReported = sent
  }
}

// tus-js-client's Node HTTP stack, with the request bodies paced to --rate (a phone's network, not localhost's), and
// the interim responses (1xx, such as the draft's 104 Upload Resumption Supported) recorded: tus-js-client itself
// ignores them, Node's http client reports them as 'information'.
class PacedHttpStack extends tus.DefaultHttpStack {
  createRequest(method, url) {
    const request = super.createRequest(method, url)
    const send = request.send.bind(request)
    request.send = (body) => {
      const sent = send(o.rate && body instanceof Uint8Array && body.length > 0 ? paced(body) : body)
      request.getUnderlyingObject()?.on('information', (info) => {
        const fields = { method, status: info.statusCode }
        if (info.headers.location !== undefined) fields.location = info.headers.location
        const version = info.headers['upload-draft-interop-version']
        if (version !== undefined) fields.interop = version
        if (info.headers['upload-offset'] !== undefined) fields.offset = Number(info.headers['upload-offset'])
        event('interim', fields)
        // The draft's 104 names the upload before the body is read: a client cut off during its creation request
        // resumes there (tus-js-client only reads the final response's Location).
        if (info.statusCode === 104 && fields.location !== undefined) {
          interimLocation = new URL(fields.location, url).toString()
        }
      })
      return sent
    }
    return request
  }
}

function paced(buffer) {
  const piece = 64 * 1024
  const pause = (piece * 1000) / o.rate
  const stream = Readable.from(
    (async function* pieces() {
      for (let at = 0; at < buffer.length; at += piece) {
        if (at > 0) await sleep(pause)
        yield buffer.subarray(at, at + piece)
      }
    })(),
    { objectMode: false },
  )
  // The stack sets Content-Length from the body's size.
  stream.size = buffer.length
  return stream
}

let aborted = false
let current = null
let interimLocation = null

function uploadOptions(extra) {
  return {
    protocol: PROTOCOLS[o.protocol],
    httpStack: new PacedHttpStack(),
    headers: o.token ? { Authorization: `Bearer ${o.token}` } : {},
    chunkSize: o.chunkSize ?? Number.POSITIVE_INFINITY,
    uploadDataDuringCreation: o.dataDuringCreation,
    retryDelays: o.retry ? [0, 500, 1000, 2000, 3000] : null,
    metadata: o.batchId
      ? { batchId: o.batchId, clientAssetId: o.clientAssetId, filename: basename(o.file) }
      : {},
    onUploadUrlAvailable() {
      result.url = current.url
      event('url', { url: current.url })
    },
    onProgress(sent, total) {
      progress(sent, total)
      if (!aborted && o.abortAfter !== undefined && sent >= o.abortAfter) {
        aborted = true
        cutOff(sent)
      }
    },
    onAfterResponse(req, res) {
      // Every answer: what was asked, what the server said, and where it says the upload stands.
      const fields = { method: req.getMethod(), status: res.getStatus() }
      const sent = req.getHeader('Upload-Offset')
      if (sent !== undefined) fields.sentOffset = Number(sent)
      const offset = res.getHeader('Upload-Offset')
      if (offset !== undefined) fields.offset = Number(offset)
      const complete = res.getHeader('Upload-Complete')
      if (complete !== undefined) fields.complete = complete
      if (res.getStatus() >= 400) fields.body = res.getBody()?.slice(0, 500)
      event('response', fields)
    },
    onShouldRetry(error, attempt) {
      const status = error.originalResponse ? error.originalResponse.getStatus() : 0
      // tus-js-client's own rule: not on a 4xx, except 409 (a conflict) and 423 (locked).
      const retry = !(status >= 400 && status < 500) || status === 409 || status === 423
      event('retry', { attempt, retry, ...describe(error) })
      return retry
    },
    onSuccess() {
      result.offset = file.length
      result.url = current.url
      event('success', { url: current.url })
      finish(true, 0)
    },
    onError(error) {
      event('error', describe(error))
      finish(false, 1)
    },
    ...extra,
  }
}

function cutOff(sent) {
  const upload = current
  if (o.then === 'terminate') {
    event('abort', { bytes: sent, terminate: true })
    upload.abort(true).then(
      () => {
        event('terminated', { url: upload.url })
        finish(true, 0)
      },
      (error) => {
        event('error', describe(error))
        finish(false, 1)
      },
    )
    return
  }
  event('abort', { bytes: sent })
  upload.abort().then(() => {
    // Cut off during the creation request, the client knows the upload only from a 104.
    const url = upload.url ?? (o.then === 'resume' ? null : interimLocation)
    result.url = url
    setTimeout(() => {
      switch (o.then) {
        case 'stop':
          finish(true, 0)
          break
        case 'terminate-url':
          tus.Upload.terminate(url, uploadOptions({})).then(
            () => {
              event('terminated', { url })
              finish(true, 0)
            },
            (error) => {
              event('error', describe(error))
              finish(false, 1)
            },
          )
          break
        case 'new':
          event('resume', { how: 'new', url })
          current = new tus.Upload(file, uploadOptions({ uploadUrl: url }))
          current.start()
          break
        default:
          event('resume', { how: 'same', url })
          upload.start()
      }
    }, o.resumeDelay)
  })
}

current = o.uploadUrl
  ? new tus.Upload(file, uploadOptions({ uploadUrl: o.uploadUrl }))
  : new tus.Upload(file, uploadOptions({ endpoint: `${o.server.replace(/\/$/, '')}/v1/uploads` }))
current.start()
