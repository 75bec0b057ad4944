/**
 * `npm run gateway:key` prints a new client key and the hash to add to GATEWAY_CLIENT_KEY_HASHES;
 * `npm run gateway:key -- <key>` prints the hash of an existing key.
 */
import { generateClientKey, hashClientKey } from './auth';

const given = process.argv[2];
const key = given ?? generateClientKey();
if (!given) process.stdout.write(`key:  ${key}   (give it to the client; it is not stored anywhere)\n`);
process.stdout.write(`hash: ${hashClientKey(key)}   (add it to GATEWAY_CLIENT_KEY_HASHES, comma-separated)\n`);
