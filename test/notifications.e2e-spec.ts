import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { bullConnection, OutboxService } from '@ivl/jobs';
import { NotificationsService } from '@ivl/notifications';
import { until } from './support/polling.js';
import { attachLicence, signUp } from './support/registrations.js';
import { createUser, expectProblem, PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { World } from './support/world.js';

interface Item {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

describe('notifications: each event reaches the users it concerns, once', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    w = new World(t);
    db = t.app.get(DataSource);
  });
  afterAll(() => w.finish());

  async function inbox(token: string, query = ''): Promise<{ items: Item[]; total: number }> {
    const response = await t.http().get(`/notifications${query}`).set('authorization', token).expect(200);
    return response.body;
  }

  /** The user's notifications of `kind`, once at least `count` have arrived (or the time is up). */
  async function arrived(token: string, kind: string, count = 1): Promise<Item[]> {
    const page = await until(
      () => inbox(token),
      (p) => p.items.filter((i) => i.kind === kind).length >= count,
    );
    return page.items.filter((i) => i.kind === kind);
  }

  /** The delivery job of an event, as the outbox holds it. */
  async function deliveryOf(key: string): Promise<{ data: Record<string, unknown>; finished: boolean }> {
    const rows: Array<{ data: Record<string, unknown>; finished_at: Date | null }> = await db.query(
      `SELECT data, finished_at FROM outbox WHERE job_id = $1`,
      [`notify.${key}`],
    );
    expect(rows).toHaveLength(1);
    return { data: rows[0].data, finished: rows[0].finished_at !== null };
  }

  /** A second run of an event's delivery job writes nothing. */
  async function expectDeliveredOnce(key: string): Promise<void> {
    await until(
      () => deliveryOf(key),
      (d) => d.finished,
    );
    expect(await t.runJob('notifications.deliver', (await deliveryOf(key)).data)).toEqual({ delivered: 0 });
  }

  /** A program of the county 330702, its fund holding plenty. */
  async function program(overrides: Record<string, unknown> = {}) {
    const fund = await w.fund('330702', 100_000_000);
    return w.program({ funding: [{ fundId: fund, shareBp: 10000 }], ...overrides });
  }

  it('an application decided reaches every user of its enterprise, once, and no other enterprise', async () => {
    const p = await program();
    const sme = await w.enterprise();
    const colleague = await createUser(t, 'enterprise', { enterpriseId: sme.id });
    const other = await w.enterprise();
    const lab = await w.provider();

    const applicationId = await w.apply(sme.token, p.id, 1_234_567);
    const officer = await w.officerOf('330702');
    const approved = await t.http().post(`/applications/${applicationId}/approve`).set('authorization', officer).send({}).expect(200);
    const code = approved.body.voucher.code as string;

    for (const token of [sme.token, colleague.token]) {
      const [n, ...more] = await arrived(token, 'application.approved');
      expect(more).toEqual([]);
      expect(n).toMatchObject({
        title: '您的创新券申请已通过',
        link: `#/applications/${applicationId}`,
        readAt: null,
      });
      expect(n.body).toContain('12,345.67元');
      expect(n.body).toContain(code);
    }
    await expectDeliveredOnce(`application.decided.${applicationId}`);
    expect((await inbox(sme.token)).total).toBe(1);
    expect((await inbox(colleague.token)).total).toBe(1);
    expect((await inbox(other.token)).total).toBe(0);
    expect((await inbox(lab.token)).total).toBe(0);

    const rejectedId = await w.apply(sme.token, p.id, 500_000);
    await t
      .http()
      .post(`/applications/${rejectedId}/reject`)
      .set('authorization', officer)
      .send({ reason: '项目内容与创新券支持范围不符' })
      .expect(200);
    const [rejected] = await arrived(sme.token, 'application.rejected');
    expect(rejected).toMatchObject({ title: '您的创新券申请未通过', link: `#/applications/${rejectedId}` });
    expect(rejected.body).toContain('原因：项目内容与创新券支持范围不符');
    expect(rejected.body).toContain('5,000.00元');
    expect((await inbox(other.token)).total).toBe(0);
  });

  it('a county approval awaiting the city review tells nobody yet; the city decision does', async () => {
    const p = await program({ cityReviewRequired: true });
    const sme = await w.enterprise();
    const applicationId = await w.apply(sme.token, p.id, 100_000);
    const county = await t
      .http()
      .post(`/applications/${applicationId}/approve`)
      .set('authorization', await w.officerOf('330702'))
      .send({})
      .expect(200);
    expect(county.body.status).toBe('pending');
    expect(await db.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [`notify.application.decided.${applicationId}`])).toEqual([]);
    await t.http().post(`/applications/${applicationId}/approve`).set('authorization', t.adminToken).send({}).expect(200);
    expect(await arrived(sme.token, 'application.approved')).toHaveLength(1);
  });

  it('a redemption waits for the confirmation of the enterprise: its users are told, the provider is not', async () => {
    const p = await program({ ratioBp: 5000 });
    const sme = await w.enterprise();
    const colleague = await createUser(t, 'enterprise', { enterpriseId: sme.id });
    const other = await w.enterprise();
    const departed = await createUser(t, 'enterprise', { enterpriseId: sme.id });
    const lab = await w.provider({ name: '金华检测认证有限公司' });
    const voucher = await w.voucher(sme.token, p, 1_000_000);
    await arrived(sme.token, 'application.approved');
    await arrived(colleague.token, 'application.approved');
    await arrived(departed.token, 'application.approved');
    // A disabled user is told nothing more.
    await t.http().post(`/users/${departed.id}/disable`).set('authorization', t.adminToken).expect(200);

    const redemption = await w.redeem(lab.token, { voucherCode: voucher.code, orderAmount: 300_000 }).expect(201);
    for (const token of [sme.token, colleague.token]) {
      const [n, ...more] = await arrived(token, 'redemption.awaiting-confirmation');
      expect(more).toEqual([]);
      expect(n).toMatchObject({ title: '有一笔创新券兑付待您确认', link: `#/redemptions/${redemption.body.id}` });
      expect(n.body).toContain('「金华检测认证有限公司」');
      expect(n.body).toContain('订单金额3,000.00元');
      expect(n.body).toContain('抵扣1,500.00元');
    }
    await expectDeliveredOnce(`redemption.awaiting-confirmation.${redemption.body.id}`);
    expect((await inbox(sme.token)).total).toBe(2);
    expect((await inbox(colleague.token)).total).toBe(2);
    const rows: Array<{ kind: string }> = await db.query(`SELECT kind FROM notifications WHERE user_id = $1`, [departed.id]);
    expect(rows.map((r) => r.kind)).toEqual(['application.approved']);
    expect((await inbox(lab.token)).total).toBe(0);
    expect((await inbox(other.token)).total).toBe(0);
  });

  it('a claim decided and a batch paid reach the provider (amount and bank reference), and no other provider', async () => {
    const p = await program({ ratioBp: 10000 });
    const sme = await w.enterprise();
    const lab = await w.provider();
    const labColleague = await createUser(t, 'provider', { providerId: lab.id });
    const rival = await w.provider();
    const voucher = await w.voucher(sme.token, p, 5_000_000);

    const claimId = await w.approvedClaim(sme.token, lab.token, voucher.code as string, 250_000);
    for (const token of [lab.token, labColleague.token]) {
      const [n, ...more] = await arrived(token, 'claim.approved');
      expect(more).toEqual([]);
      expect(n).toMatchObject({ title: '您的兑付申请已审核通过', link: `#/claims/${claimId}` });
      expect(n.body).toContain('2,500.00元');
    }
    await expectDeliveredOnce(`claim.decided.${claimId}`);

    // A rejected claim says why.
    const redemption = await w.redeem(lab.token, { voucherCode: voucher.code, orderAmount: 10_000 }).expect(201);
    await t.http().post(`/redemptions/${redemption.body.id}/confirm`).set('authorization', sme.token).expect(200);
    const claim = await t
      .http()
      .post('/claims')
      .set('authorization', lab.token)
      .set('idempotency-key', randomUUID())
      .send({
        redemptionIds: [redemption.body.id],
        invoice: { number: 'INV-REJ-1', date: '2026-03-06', amount: 10_000 },
        documentIds: [await w.invoiceFile(lab.token)],
      })
      .expect(201);
    await t
      .http()
      .post(`/claims/${claim.body.id}/reject`)
      .set('authorization', await w.officerOf('330702'))
      .send({ reason: '发票金额与服务合同不一致' })
      .expect(200);
    const [rejected] = await arrived(lab.token, 'claim.rejected');
    expect(rejected).toMatchObject({ title: '您的兑付申请未通过审核', link: `#/claims/${claim.body.id}` });
    expect(rejected.body).toContain('发票号 INV-REJ-1');
    expect(rejected.body).toContain('原因：发票金额与服务合同不一致');

    t.clock.set('2026-04-01T09:00:00+08:00');
    const [batchId] = await w.settle('330702', '2026-03');
    const finance = await w.financeOf('330702');
    await t.http().post(`/settlements/${batchId}/approve`).set('authorization', finance).expect(200);
    await t
      .http()
      .post(`/settlements/${batchId}/pay`)
      .set('authorization', finance)
      .send({ paymentReference: 'ICBC-20260401-0007' })
      .expect(200);
    for (const token of [lab.token, labColleague.token]) {
      const [n, ...more] = await arrived(token, 'batch.paid');
      expect(more).toEqual([]);
      expect(n).toMatchObject({ title: '创新券兑付资金已拨付', link: `#/payments/${batchId}` });
      expect(n.body).toContain('2,500.00元');
      expect(n.body).toContain('ICBC-20260401-0007');
      expect(n.body).toContain('2026年3月创新券兑付资金');
    }
    await expectDeliveredOnce(`batch.paid.${batchId}.${lab.id}`);
    expect((await inbox(rival.token)).total).toBe(0);
    expect((await inbox(sme.token)).items.map((i) => i.kind)).not.toContain('batch.paid');
  });

  it('a registration decided reaches its applicant, as applicant and once it is the enterprise user; each decision once', async () => {
    const officer = await w.officerOf('330702');
    const applicant = await signUp(t, 'enterprise', { name: '金华市某某公司' });
    const bystander = await signUp(t, 'enterprise');
    await attachLicence(t, applicant);
    await t
      .http()
      .post(`/registrations/${applicant.id}/reject`)
      .set('authorization', officer)
      .send({ reason: '企业名称与营业执照不一致' })
      .expect(200);
    // Still an applicant: its inbox is open to it.
    const [rejected, ...more] = await arrived(applicant.token, 'registration.rejected');
    expect(more).toEqual([]);
    expect(rejected).toMatchObject({ title: '您的入驻申请未通过', link: `#/registrations/${applicant.id}` });
    expect(rejected.body).toContain('原因：企业名称与营业执照不一致');
    expect((await t.http().get('/notifications/unread-count').set('authorization', applicant.token).expect(200)).body).toEqual({
      count: 1,
    });

    await t
      .http()
      .post(`/registrations/${applicant.id}/resubmit`)
      .set('authorization', applicant.token)
      .send({ name: '金华市婺城区恒达机械配件有限公司' })
      .expect(200);
    await t
      .http()
      .post(`/registrations/${applicant.id}/reject`)
      .set('authorization', officer)
      .send({ reason: '营业执照扫描件不清晰' })
      .expect(200);
    const twice = await arrived(applicant.token, 'registration.rejected', 2);
    expect(twice.map((n) => n.body.includes('营业执照扫描件不清晰')).sort()).toEqual([false, true]);

    await t.http().post(`/registrations/${applicant.id}/resubmit`).set('authorization', applicant.token).send({}).expect(200);
    await t.http().post(`/registrations/${applicant.id}/approve`).set('authorization', officer).send({}).expect(200);
    // Approval ended the applicant's session: it logs in again, now the enterprise's user, and finds the news.
    const user = await t.login(applicant.username, PASSWORD);
    const [approved] = await arrived(user, 'registration.approved');
    expect(approved).toMatchObject({ title: '您的入驻申请已通过', link: `#/registrations/${applicant.id}` });
    expect(approved.body).toContain('「金华市婺城区恒达机械配件有限公司」');
    await expectDeliveredOnce(`registration.decided.${applicant.id}.3`);
    expect((await inbox(user)).total).toBe(3);
    expect((await inbox(bystander.token)).total).toBe(0);
  });

  it('an order requested reaches the provider; accepted or declined reaches the enterprise; each once, no one else', async () => {
    const p = await program({ categories: ['DESIGN', 'TESTING'] });
    const sme = await w.enterprise({ name: '金华市婺城区小家电有限公司' });
    const other = await w.enterprise();
    const studio = await w.provider({ name: '金华工业设计中心', categories: ['DESIGN'] });
    const rival = await w.provider({ categories: ['DESIGN'] });
    const voucher = await w.voucher(sme.token, p, 1_000_000);
    const service = await t
      .http()
      .post('/services')
      .set('authorization', studio.token)
      .send({ name: '外观设计', category: 'DESIGN', description: '小家电外观设计', priceFrom: 500_000, unit: '项' })
      .expect(201);
    const order = async () =>
      (
        await t
          .http()
          .post('/orders')
          .set('authorization', sme.token)
          .send({ serviceId: service.body.id, voucherCode: voucher.code, description: '电熨斗外观设计' })
          .expect(201)
      ).body.id as string;

    const first = await order();
    const [requested, ...more] = await arrived(studio.token, 'order.requested');
    expect(more).toEqual([]);
    expect(requested).toMatchObject({ link: `#/orders/${first}` });
    expect(requested.body).toContain('「金华市婺城区小家电有限公司」');
    await t.http().post(`/orders/${first}/accept`).set('authorization', studio.token).send({ agreedAmount: 600_000 }).expect(200);
    const [accepted] = await arrived(sme.token, 'order.accepted');
    expect(accepted.body).toContain('「金华工业设计中心」');
    await expectDeliveredOnce(`order.requested.${first}`);
    await expectDeliveredOnce(`order.answered.${first}`);

    const second = await order();
    await arrived(studio.token, 'order.requested', 2);
    await t.http().post(`/orders/${second}/decline`).set('authorization', studio.token).send({ reason: '排期已满' }).expect(200);
    const [declined] = await arrived(sme.token, 'order.declined');
    expect(declined.body).toContain('排期已满');
    expect(declined.link).toBe(`#/orders/${second}`);

    expect((await inbox(sme.token)).items.filter((i) => i.kind.startsWith('order.'))).toHaveLength(2);
    expect((await inbox(studio.token)).items.filter((i) => i.kind.startsWith('order.'))).toHaveLength(2);
    expect((await inbox(other.token)).total).toBe(0);
    expect((await inbox(rival.token)).total).toBe(0);
  });

  it('a change rolled back tells nobody', async () => {
    const sme = await w.enterprise();
    const notifications = t.app.get(NotificationsService);
    const lost = randomUUID();
    const kept = randomUUID();
    const event = (applicationId: string) => ({
      kind: 'application.rejected' as const,
      applicationId,
      enterpriseId: sme.id,
      amount: 100n,
      reason: '测试',
    });
    await expect(
      db.transaction(async (manager) => {
        await notifications.notify(manager, event(lost));
        throw new Error('the change fails after notify');
      }),
    ).rejects.toThrow('the change fails after notify');
    await db.transaction((manager) => notifications.notify(manager, event(kept)));

    // Delivered in outbox order: once the later event is in, the earlier one would be too.
    const items = await arrived(sme.token, 'application.rejected');
    expect(items.map((i) => i.link)).toEqual([`#/applications/${kept}`]);
    expect(await db.query(`SELECT 1 FROM outbox WHERE job_id = $1`, [`notify.application.decided.${lost}`])).toEqual([]);
  });

  it('many events are delivered in one batch, none as a BullMQ job of its own; a drain lost before its commit loses none', async () => {
    const notifications = t.app.get(NotificationsService);
    const outbox = t.app.get(OutboxService);
    const smes = [await w.enterprise(), await w.enterprise(), await w.enterprise()];
    const colleague = await createUser(t, 'enterprise', { enterpriseId: smes[0].id });
    const departed = await createUser(t, 'enterprise', { enterpriseId: smes[0].id });
    await t.http().post(`/users/${departed.id}/disable`).set('authorization', t.adminToken).expect(200);
    const event = (enterpriseId: string, i: number) => ({
      kind: 'application.rejected' as const,
      applicationId: randomUUID(),
      enterpriseId,
      amount: 100n,
      reason: `批量第${i}次`,
    });
    const keys = (ids: string[]) => ids.map((id) => `notify.application.decided.${id}`);

    // A drain that took the events and was lost before its commit: while it holds them no other
    // drain takes them, and when it is gone (rolled back) they are delivered, each once. The
    // worker's drains are paused while it takes them, so that it surely takes them all.
    const queue = new Queue('notifications', { connection: bullConnection(t.config), prefix: t.config.redis.queuePrefix });
    await queue.pause();
    await until(
      () => queue.getActiveCount(),
      (n) => n === 0,
    );
    const held: string[] = [];
    await db.transaction(async (manager) => {
      for (let i = 0; i < 5; i++) {
        const e = event(smes[1].id, i);
        held.push(e.applicationId);
        await notifications.notify(manager, e);
      }
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockedNow = new Promise<void>((resolve) => (locked = resolve));
    const lost = db.transaction(async (manager) => {
      const jobs = await outbox.lockPending(manager, 'notifications.deliver', 1000);
      expect(jobs.map((j) => j.id)).toEqual(keys(held));
      locked();
      await released;
      throw new Error('the worker was lost');
    });
    await lockedNow;
    await queue.resume();

    const ids: string[] = [];
    await db.transaction(async (manager) => {
      for (let i = 0; i < 30; i++) {
        const e = event(smes[i % 3 === 1 ? 2 : 0].id, i);
        ids.push(e.applicationId);
        await notifications.notify(manager, e);
      }
    });
    await arrived(smes[0].token, 'application.rejected', 20);
    await arrived(smes[2].token, 'application.rejected', 10);
    // Written in one drain: the thirty events' rows were marked done by one statement of one transaction.
    const done: Array<{ dispatched: number; finished: number; pending: number }> = await db.query(
      `SELECT count(DISTINCT dispatched_at)::int AS dispatched, count(DISTINCT finished_at)::int AS finished,
              count(*) FILTER (WHERE finished_at IS NULL)::int AS pending
         FROM outbox WHERE job_id = ANY($1)`,
      [keys(ids)],
    );
    expect(done).toEqual([{ dispatched: 1, finished: 1, pending: 0 }]);
    // None went to BullMQ as a job of its own.
    for (const id of keys(ids).slice(0, 5)) expect(await queue.getJob(id)).toBeUndefined();
    await queue.close();
    // Still held by the lost drain: nobody was told.
    expect((await inbox(smes[1].token)).total).toBe(0);
    release();
    await expect(lost).rejects.toThrow('the worker was lost');
    const late = await arrived(smes[1].token, 'application.rejected', 5);
    expect(new Set(late.map((n) => n.link))).toEqual(new Set(held.map((id) => `#/applications/${id}`)));

    // Each event to exactly its enterprise's active users, once.
    const rows: Array<{ user_id: string; enterprise_id: string; n: number }> = await db.query(
      `SELECT n.user_id, u.enterprise_id, count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE n.event_key = ANY($1) GROUP BY 1, 2`,
      [[...ids, ...held].map((id) => `application.decided.${id}`)],
    );
    const counts = (enterpriseId: string) =>
      rows
        .filter((r) => r.enterprise_id === enterpriseId)
        .map((r) => r.n)
        .sort();
    expect(smes.map((sme) => counts(sme.id))).toEqual([[20, 20], [5], [10]]);
    expect(rows.map((r) => r.user_id)).toContain(colleague.id);
    expect(rows.map((r) => r.user_id)).not.toContain(departed.id);
    // A second run finds nothing to do; the single-event job writes nothing either.
    expect(await t.runJob('notifications.deliver-batch')).toEqual({ events: 0, delivered: 0 });
    expect(await t.runJob('notifications.deliver', (await deliveryOf(`application.decided.${ids[0]}`)).data)).toEqual({ delivered: 0 });
  });

  it('an event that cannot be delivered holds back no other: it is tried again, and given up at its fifth failure with its error', async () => {
    const sme = await w.enterprise();
    const notifications = t.app.get(NotificationsService);
    const outbox = t.app.get(OutboxService);
    const good = [randomUUID(), randomUUID(), randomUUID()];
    await db.transaction(async (manager) => {
      await notifications.notify(manager, {
        kind: 'application.rejected',
        applicationId: good[0],
        enterpriseId: sme.id,
        amount: 100n,
        reason: '甲',
      });
      // A row no delivery can write: its party is not an id (Postgres refuses the cast).
      await outbox.enqueue(
        manager,
        {
          name: 'notifications.deliver',
          id: 'notify.poison.1',
          data: {
            key: 'poison.1',
            kind: 'application.rejected',
            to: { enterpriseId: 'not-a-uuid' },
            title: '无效',
            body: '无效',
            link: null,
            at: '2026-03-10T02:00:00.000Z',
            phone: null,
          },
        },
        { wake: false },
      );
      for (const id of good.slice(1))
        await notifications.notify(manager, {
          kind: 'application.rejected',
          applicationId: id,
          enterpriseId: sme.id,
          amount: 100n,
          reason: '乙',
        });
    });
    const items = await arrived(sme.token, 'application.rejected', 3);
    expect(new Set(items.map((i) => i.link))).toEqual(new Set(good.map((id) => `#/applications/${id}`)));
    const poison = await until(
      (): Promise<Array<{ attempts: number; finished: boolean; last_error: string | null }>> =>
        db.query(`SELECT attempts, finished_at IS NOT NULL AS finished, last_error FROM outbox WHERE job_id = 'notify.poison.1'`),
      (rows) => rows.length === 1 && rows[0].finished,
      30_000,
    );
    expect(poison).toEqual([{ attempts: 5, finished: true, last_error: expect.stringContaining('uuid') }]);
    expect((await inbox(sme.token)).total).toBe(3);
  });

  it('read, unread, read-all; another user’s notification is 404; no token 401; a bad id or filter 400', async () => {
    const sme = await w.enterprise();
    const other = await w.enterprise();
    const notifications = t.app.get(NotificationsService);
    for (let i = 0; i < 3; i++) {
      await db.transaction((manager) =>
        notifications.notify(manager, {
          kind: 'application.rejected',
          applicationId: randomUUID(),
          enterpriseId: sme.id,
          amount: 100n,
          reason: `第${i}次`,
        }),
      );
    }
    await db.transaction((manager) =>
      notifications.notify(manager, {
        kind: 'application.rejected',
        applicationId: randomUUID(),
        enterpriseId: other.id,
        amount: 100n,
        reason: '他人',
      }),
    );
    const all = await arrived(sme.token, 'application.rejected', 3);
    await arrived(other.token, 'application.rejected', 1);
    const count = async (token: string) =>
      (await t.http().get('/notifications/unread-count').set('authorization', token).expect(200)).body.count as number;
    expect(await count(sme.token)).toBe(3);

    const read = await t.http().post(`/notifications/${all[0].id}/read`).set('authorization', sme.token).expect(200);
    expect(read.body).toMatchObject({ id: all[0].id, readAt: expect.any(String) });
    const again = await t.http().post(`/notifications/${all[0].id}/read`).set('authorization', sme.token).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect(await count(sme.token)).toBe(2);
    const unread = await inbox(sme.token, '?unread=true');
    expect(unread.total).toBe(2);
    expect(unread.items.map((i) => i.id)).not.toContain(all[0].id);
    const page = await inbox(sme.token, '?limit=1&offset=1');
    expect(page).toMatchObject({ total: 3, items: [{ id: all[1].id }] });

    // Another user's notification: as if it did not exist, and it stays unread.
    const theirs = (await inbox(other.token)).items[0];
    expectProblem(await t.http().post(`/notifications/${theirs.id}/read`).set('authorization', sme.token), 404, 'NOT_FOUND');
    expectProblem(await t.http().post(`/notifications/${randomUUID()}/read`).set('authorization', sme.token), 404, 'NOT_FOUND');
    expect(await count(other.token)).toBe(1);

    const all2 = await t.http().post('/notifications/read-all').set('authorization', sme.token).expect(200);
    expect(all2.body).toEqual({ marked: 2 });
    expect(await count(sme.token)).toBe(0);
    expect(await count(other.token)).toBe(1);
    expect((await inbox(sme.token, '?unread=true')).total).toBe(0);

    for (const [method, path] of [
      ['get', '/notifications'],
      ['get', '/notifications/unread-count'],
      ['post', `/notifications/${theirs.id}/read`],
      ['post', '/notifications/read-all'],
    ] as const) {
      expectProblem(await t.http()[method](path), 401, 'UNAUTHENTICATED');
    }
    expectProblem(await t.http().post('/notifications/not-a-uuid/read').set('authorization', sme.token), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/notifications?unread=maybe').set('authorization', sme.token), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/notifications?limit=0').set('authorization', sme.token), 400, 'VALIDATION_FAILED');
    // Every role has an inbox: the bureaus' too (empty here).
    for (const token of [t.adminToken, await w.financeOf('330702'), (await createUser(t, 'auditor')).token]) {
      expect(await inbox(token)).toEqual({ items: [], total: 0 });
    }
  });

  it('voucher expiry reminders at 30 and at 7 days, each once, with the job run twice, and a late run skips to 7', async () => {
    t.clock.set('2026-05-01T10:00:00+08:00');
    const p = await program({ validityDays: 40 });
    const sme = await w.enterprise();
    const other = await w.enterprise();
    const voucher = await w.voucher(sme.token, p, 800_000);
    const theirVoucher = await w.voucher(other.token, p, 300_000);
    const run = async () => {
      await t.runJob('vouchers.remind-expiring');
      await t.runJob('vouchers.remind-expiring');
    };
    const reminders = async (token: string) => (await inbox(token)).items.filter((i) => i.kind === 'voucher.expiring');

    await run(); // 40 days left: nothing yet
    t.clock.advanceDays(11); // 29 days left
    await run();
    const [first, ...more] = await arrived(sme.token, 'voucher.expiring');
    expect(more).toEqual([]);
    expect(first).toMatchObject({ title: '您的创新券将在30天内到期', link: `#/vouchers/${voucher.code}` });
    expect(first.body).toContain(voucher.code);
    expect(first.body).toContain('8,000.00元');
    expect(first.body).toMatch(/将于2026年6月\d+日到期/);
    const [{ id: voucherId }] = await db.query<Array<{ id: string }>>(`SELECT id FROM vouchers WHERE enterprise_id = $1`, [sme.id]);
    await expectDeliveredOnce(`voucher.expiring.30.${voucherId}`);

    t.clock.advanceDays(20); // 9 days left: still only the 30-day reminder
    await run();
    expect(await reminders(sme.token)).toHaveLength(1);

    t.clock.advanceDays(3); // 6 days left
    await run();
    const both = await arrived(sme.token, 'voucher.expiring', 2);
    expect(both.map((n) => n.title)).toEqual(['您的创新券将在7天内到期', '您的创新券将在30天内到期']);
    await expectDeliveredOnce(`voucher.expiring.7.${voucherId}`);

    await run();
    expect(await reminders(sme.token)).toHaveLength(2);

    // The other enterprise's voucher was reminded at 29 days too; nothing of the first voucher reached it.
    const theirs = await arrived(other.token, 'voucher.expiring', 2);
    expect(theirs.map((n) => n.link)).toEqual([`#/vouchers/${theirVoucher.code}`, `#/vouchers/${theirVoucher.code}`]);
  });

  it('a run that comes late, within the last 7 days, sends only the 7-day reminder', async () => {
    const p = await program({ validityDays: 20 });
    const sme = await w.enterprise();
    await w.voucher(sme.token, p, 100_000);
    t.clock.advanceDays(15); // the job did not run while 20 → 5 days were left
    await t.runJob('vouchers.remind-expiring');
    await t.runJob('vouchers.remind-expiring');
    const [only, ...more] = await arrived(sme.token, 'voucher.expiring');
    expect(more).toEqual([]);
    expect(only.title).toBe('您的创新券将在7天内到期');
  });
});
