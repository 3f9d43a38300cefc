import { randomBytes } from 'node:crypto';
import type { StoredAttachment } from '../../storage/repositories';
import { forEachBackend } from './storage-backends';

forEachBackend('AttachmentRepository', (_name, getBackend) => {
  const attachments = () => getBackend().attachments;

  const attachment = (overrides: Partial<StoredAttachment> = {}): StoredAttachment => {
    const content = overrides.content ?? randomBytes(4096);
    return {
      attachmentId: 'att-1',
      conversationId: 'conv-1',
      name: 'invoice pembelian.pdf',
      contentType: 'application/pdf',
      size: content.length,
      createdAt: new Date('2025-03-04T05:06:07.089Z'),
      content,
      ...overrides,
    };
  };

  test('when an attachment is saved, then it reads back with the same bytes and metadata', async () => {
    const saved = attachment();
    await attachments().saveAttachment(saved);

    const found = await attachments().getAttachment('att-1');

    expect(found).toEqual(saved);
    expect(Buffer.isBuffer(found?.content)).toBe(true);
    expect(found?.content.equals(saved.content)).toBe(true);
    expect(found?.createdAt).toBeInstanceOf(Date);
  });

  test('when the bytes include every byte value, then none is altered', async () => {
    const content = Buffer.from(Array.from({ length: 512 }, (_unused, index) => index % 256));
    await attachments().saveAttachment(attachment({ content, size: content.length, contentType: 'application/octet-stream' }));

    expect((await attachments().getAttachment('att-1'))?.content.equals(content)).toBe(true);
  });

  test('when an attachment is empty, then it reads back empty', async () => {
    await attachments().saveAttachment(attachment({ content: Buffer.alloc(0), size: 0, name: 'empty.txt', contentType: 'text/plain' }));

    const found = await attachments().getAttachment('att-1');

    expect(found?.size).toBe(0);
    expect(found?.content.length).toBe(0);
  });

  test('when several attachments are saved, then each id returns its own file', async () => {
    const first = attachment({ attachmentId: 'att-1', name: 'a.jpg', contentType: 'image/jpeg' });
    const second = attachment({ attachmentId: 'att-2', name: 'b.png', contentType: 'image/png', conversationId: 'conv-2' });
    await attachments().saveAttachment(first);
    await attachments().saveAttachment(second);

    await expect(attachments().getAttachment('att-2')).resolves.toEqual(second);
    await expect(attachments().getAttachment('att-1')).resolves.toEqual(first);
  });

  test('when an attachment id is already taken, then saving again is refused and the first file is kept', async () => {
    const first = attachment();
    await attachments().saveAttachment(first);

    await expect(attachments().saveAttachment(attachment({ name: 'other.pdf' }))).rejects.toThrow(/attachment "att-1" already exists/);

    await expect(attachments().getAttachment('att-1')).resolves.toEqual(first);
  });

  test('when an attachment id is unknown, then getAttachment returns undefined', async () => {
    await expect(attachments().getAttachment('unknown')).resolves.toBeUndefined();
  });

  describe('deleting by conversation', () => {
    test("when a conversation's attachments are deleted, then they are gone, the count is returned and other conversations keep theirs", async () => {
      await attachments().saveAttachment(attachment({ attachmentId: 'att-1', conversationId: 'conv-1' }));
      await attachments().saveAttachment(attachment({ attachmentId: 'att-2', conversationId: 'conv-1', name: 'ktp.jpg', contentType: 'image/jpeg' }));
      const other = attachment({ attachmentId: 'att-3', conversationId: 'conv-2' });
      await attachments().saveAttachment(other);

      await expect(attachments().deleteByConversation('conv-1')).resolves.toBe(2);

      await expect(attachments().getAttachment('att-1')).resolves.toBeUndefined();
      await expect(attachments().getAttachment('att-2')).resolves.toBeUndefined();
      await expect(attachments().getAttachment('att-3')).resolves.toEqual(other);
    });

    test('when a conversation has no attachments left, then deleting again returns 0', async () => {
      await attachments().saveAttachment(attachment());
      await attachments().deleteByConversation('conv-1');

      await expect(attachments().deleteByConversation('conv-1')).resolves.toBe(0);
      await expect(attachments().deleteByConversation('unknown')).resolves.toBe(0);
    });
  });
});
