// Reads the Kafka Mixnet reply inbox with kafkajs (2.x), whose consumer always joins a group.
// The rules and why: docs/client.md, "Reading the inbox with a client that always joins a
// consumer group (kafkajs)". Tested by hand against `mixnet broker` with kafkajs 2.2.4.
'use strict'
const crypto = require('crypto')

/**
 * Starts reading every partition of the inbox topic from its end as of this call, and resolves
 * once the reader's positions are fixed: a reply to a request sent after that is never missed.
 * onRecord({ partition, offset, value }) gets every record of every client (value: a Buffer);
 * decode it as an InboxMessage and ignore the ones whose SURB id is not yours.
 * Resolves to { groupId, close }; close() leaves and deletes the group.
 */
async function openInbox(kafka, inbox, onRecord) {
  // Rule 1: a group of its own, random, never reused.
  const groupId = 'mixnet-inbox-' + crypto.randomBytes(16).toString('hex')
  const admin = kafka.admin()
  await admin.connect()
  // Rule 3: the next offset to read per partition, starting at the end as of now.
  const next = new Map()
  for (const { partition, offset } of await admin.fetchTopicOffsets(inbox)) {
    next.set(partition, BigInt(offset))
  }
  // Rule 4: notice new partitions within 30 s.
  const consumer = kafka.consumer({ groupId, metadataMaxAge: 30000 })
  await consumer.connect()
  await consumer.subscribe({ topics: [inbox], fromBeginning: false })
  // Rule 3: kafkajs starts every (re)join with no positions and, with no committed offsets,
  // would read from the end at its first fetch; seek every assigned partition on every join.
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    for (const partition of payload.memberAssignment[inbox] || []) {
      if (!next.has(partition)) next.set(partition, 0n) // added after we started: all of it is new
      consumer.seek({ topic: inbox, partition, offset: next.get(partition).toString() })
    }
  })
  // Rule 2: never commit (with autoCommit, kafkajs' seek would even commit the offset).
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const after = BigInt(message.offset) + 1n
      if (after > (next.get(partition) ?? 0n)) next.set(partition, after)
      await onRecord({ partition, offset: message.offset, value: message.value })
    },
  })
  // consumer.run resolves after the first join, whose handler has queued the seeks.
  return {
    groupId,
    close: async () => {
      await consumer.disconnect()
      await admin.deleteGroups([groupId])
      await admin.disconnect()
    },
  }
}

module.exports = { openInbox }
