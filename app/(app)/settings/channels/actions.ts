'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/server/actions/define-action';
import { createAlertChannel } from '@/services/channels/create-alert-channel';
import { deleteAlertChannel } from '@/services/channels/delete-alert-channel';
import { sendTestToChannel } from '@/services/channels/send-test-to-channel';
import { updateAlertChannel } from '@/services/channels/update-alert-channel';

const PATH = '/settings/channels';
// The services validate (lib/alerts/channel-schema.ts); the form's fields pass through as they are.
const fields = z.record(z.string(), z.unknown());

export const createChannelAction = defineAction(
  'channels:manage',
  fields,
  async (input, ctx) => {
    const { channel, secret } = await createAlertChannel(ctx, input);
    revalidatePath(PATH);
    // The only time a webhook's signing secret leaves the server.
    return { id: channel.id, kind: channel.kind, secret };
  },
  'channel',
);

export const updateChannelAction = defineAction(
  'channels:manage',
  fields,
  async (input, ctx) => {
    const channel = await updateAlertChannel(ctx, input);
    revalidatePath(PATH);
    return { id: channel.id };
  },
  'channel',
);

export const deleteChannelAction = defineAction(
  'channels:manage',
  fields,
  async (input, ctx) => {
    const result = await deleteAlertChannel(ctx, input);
    revalidatePath(PATH);
    return result;
  },
  'channel',
);

export const sendTestAction = defineAction(
  'channels:manage',
  fields,
  async (input, ctx) => {
    const result = await sendTestToChannel(ctx, input);
    revalidatePath(PATH);
    return result;
  },
  'channel',
);
