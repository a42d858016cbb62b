'use strict';
// The guide's 图像消息: Tom saves an AV.File from bytes with the storage SDK (fileTokens, PUT to upload_url,
// fileCallback against LCIM_HTTP_URL) and sends an ImageMessage with a caption and attributes; Jerry, in his own
// process with AV.init and the TypedMessagesPlugin, receives an ImageMessage whose file url serves the same bytes.
// Also AV.File.withURL(...).save() (POST /1.1/files) and history filtered by ImageMessage's type.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const media = require('../lib/media-client');
const { config, runTag } = require('../lib/config');

const IMAGE_MESSAGE_TYPE = -2;
const tag = runTag();
const tomId = `Tom-${tag}`;
const jerryId = `Jerry-${tag}`;
const settings = () => ({ appId: config.appId, appKey: config.appKey, url: config.url, httpUrl: config.httpUrl });
let tom;
let jerry;
let cid;
const sentImages = [];

before(async () => {
  tom = await media.login(tomId, settings());
  jerry = await media.login(jerryId, settings());
  ({ id: cid } = await media.call(tom, 'createConversation', { members: [jerryId], name: 'images' }));
});
after(media.killAll);

test('an uploaded AV.File sent as an ImageMessage reaches Jerry with its text, attributes and bytes',
  { timeout: 30000 }, async () => {
    const bytes = crypto.randomBytes(300 * 1024); // more than one GridFS chunk
    const file = await media.call(tom, 'uploadFile', { name: 'avatar.jpg', base64: bytes.toString('base64') });
    assert.match(file.id, /^[0-9a-f]{24}$/);
    assert.equal(file.mimeType, 'image/jpeg', 'the server names the type the SDK then uploads with');
    assert.ok(file.url.startsWith(config.httpUrl), `${file.url} is served by ${config.httpUrl}`);

    const sent = await media.call(tom, 'sendImage', { cid, fileId: file.id, text: '发自我的小米',
      attributes: { location: '旧金山' } });
    sentImages.push(sent.id);
    const received = await media.waitForMessage(jerry, (m) => m.id === sent.id);
    assert.deepEqual(
      { type: received.type, text: received.text, attributes: received.attributes, from: received.from,
        fileId: received.fileId, fileUrl: received.fileUrl, fileName: received.fileName },
      { type: IMAGE_MESSAGE_TYPE, text: '发自我的小米', attributes: { location: '旧金山' }, from: tomId,
        fileId: file.id, fileUrl: file.url, fileName: 'avatar.jpg' });

    const download = await fetch(received.fileUrl);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await download.arrayBuffer()).equals(bytes), 'the file url returns the uploaded bytes');

    // The url carries a secret after the object id: without it, or with another, there is nothing to download.
    const secretUrl = new URL(received.fileUrl);
    const [, files, objectId, secret, name] = secretUrl.pathname.split('/');
    assert.deepEqual([files, objectId, name], ['files', file.id, 'avatar.jpg']);
    assert.match(secret, /^[A-Za-z0-9_-]{22}$/, 'a 128-bit URL-safe secret');
    const otherSecret = crypto.randomBytes(16).toString('base64url');
    const neighbour = (BigInt(`0x${objectId}`) + 1n).toString(16).padStart(24, '0');
    for (const guess of [`/files/${objectId}`, `/files/${objectId}/avatar.jpg`, `/files/${objectId}/${otherSecret}/avatar.jpg`,
      `/files/${objectId}/${secret.slice(0, -1)}/avatar.jpg`, `/files/${neighbour}/${secret}/avatar.jpg`,
      `/files/${objectId}/${otherSecret}/avatar.jpg?imageInfo`]) {
      const response = await fetch(new URL(guess, secretUrl));
      assert.equal(response.status, 404, `${guess} is not found`);
      assert.ok(!(await response.text()).includes(secret));
    }
    const range = await fetch(received.fileUrl, { headers: { Range: 'bytes=0-99' } });
    assert.equal(range.status, 206, 'Range works on the url with its secret');
    assert.ok(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(0, 100)));
  });

test('AV.File.withURL(...).save() gives an id, and its ImageMessage carries the original url', { timeout: 30000 },
  async () => {
    const url = 'https://images.example.com/cat.png';
    const file = await media.call(tom, 'saveFileWithUrl', { name: 'cat.png', url });
    assert.match(file.id, /^[0-9a-f]{24}$/);
    const sent = await media.call(tom, 'sendImage', { cid, fileId: file.id, text: 'a cat' });
    sentImages.push(sent.id);
    const received = await media.waitForMessage(jerry, (m) => m.id === sent.id);
    assert.deepEqual([received.type, received.text, received.fileId, received.fileUrl, received.fileName],
      [IMAGE_MESSAGE_TYPE, 'a cat', file.id, url, 'cat.png']);
  });

test('queryMessages({type: ImageMessage.TYPE}) returns only the images', { timeout: 30000 }, async () => {
  const text = await media.call(tom, 'sendText', { cid, text: 'not an image' });
  const all = await media.call(jerry, 'queryMessages', { cid });
  assert.ok(all.some((m) => m.id === text.id), 'the text message is in the history');
  const images = await media.call(jerry, 'queryMessages', { cid, options: { type: IMAGE_MESSAGE_TYPE } });
  assert.deepEqual(images.map((m) => m.id), sentImages, 'both images, oldest first, nothing else');
  assert.deepEqual(images[0].attributes, { location: '旧金山' });
  assert.ok(images.every((m) => m.type === IMAGE_MESSAGE_TYPE));
});
