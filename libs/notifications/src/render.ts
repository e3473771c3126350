import { shanghaiDate } from '@ivl/core';
import { formatFen } from '@ivl/rules';
import type { NotificationEvent, NotificationMessage, Recipient } from './notification.types.js';

/** `1234567` fen → `12,345.67元`. */
function yuan(fen: bigint): string {
  return `${formatFen(fen, '')}元`;
}

/** `2026-09-06T…` → `2026年9月6日` (the Asia/Shanghai calendar day). */
function day(instant: Date): string {
  const [y, m, d] = shanghaiDate(instant).split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** `2026-03` → `2026年3月`. */
function month(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return `${y}年${m}月`;
}

type Rendered = Pick<NotificationMessage, 'key' | 'to' | 'title' | 'body' | 'link'> & { phone?: string | null };

/**
 * The message of an event, in Chinese as the bureau writes it: its key (one per event, so a user
 * is told once), whom it concerns, its title, its text and the portal route of what it is about.
 */
export function render(event: NotificationEvent): Rendered {
  switch (event.kind) {
    case 'application.approved':
      return {
        key: `application.decided.${event.applicationId}`,
        to: { enterpriseId: event.enterpriseId },
        title: '您的创新券申请已通过',
        body:
          `贵单位申领的创新券（申请金额${yuan(event.amount)}）已审核通过` +
          (event.voucherCode ? `，券号 ${event.voucherCode}，请在有效期内使用。` : '。'),
        link: `#/applications/${event.applicationId}`,
      };
    case 'application.rejected':
      return {
        key: `application.decided.${event.applicationId}`,
        to: { enterpriseId: event.enterpriseId },
        title: '您的创新券申请未通过',
        body: `贵单位申领的创新券（申请金额${yuan(event.amount)}）未通过审核。原因：${event.reason}。如有疑问，请联系属地科技主管部门。`,
        link: `#/applications/${event.applicationId}`,
      };
    case 'redemption.awaiting-confirmation':
      return {
        key: `redemption.awaiting-confirmation.${event.redemptionId}`,
        to: { enterpriseId: event.enterpriseId },
        title: '有一笔创新券兑付待您确认',
        body:
          `服务机构「${event.providerName}」提交了一笔服务订单，订单金额${yuan(event.orderAmount)}，` +
          `拟使用创新券抵扣${yuan(event.subsidy)}。请核实服务已完成后予以确认；如有异议，请勿确认。`,
        link: `#/redemptions/${event.redemptionId}`,
      };
    case 'claim.approved':
      return {
        key: `claim.decided.${event.claimId}`,
        to: { providerId: event.providerId },
        title: '您的兑付申请已审核通过',
        body: `贵机构提交的兑付申请（发票号 ${event.invoiceNumber}，金额${yuan(event.amount)}）已审核通过，将纳入结算批次拨付。`,
        link: `#/claims/${event.claimId}`,
      };
    case 'claim.rejected':
      return {
        key: `claim.decided.${event.claimId}`,
        to: { providerId: event.providerId },
        title: '您的兑付申请未通过审核',
        body:
          `贵机构提交的兑付申请（发票号 ${event.invoiceNumber}，金额${yuan(event.amount)}）未通过审核。原因：${event.reason}。` +
          '相关兑付记录已退回，可补正后重新申请。',
        link: `#/claims/${event.claimId}`,
      };
    case 'batch.paid':
      return {
        key: `batch.paid.${event.batchId}.${event.providerId}`,
        to: { providerId: event.providerId },
        title: '创新券兑付资金已拨付',
        body: `${month(event.period)}创新券兑付资金${yuan(event.amount)}已拨付至贵机构账户，银行业务流水号 ${event.paymentReference}，请注意查收。`,
        link: `#/payments/${event.batchId}`,
      };
    case 'registration.approved':
      return {
        key: `registration.decided.${event.registrationId}.${event.submission}`,
        to: { userId: event.userId },
        title: '您的入驻申请已通过',
        body:
          event.registrationKind === 'provider'
            ? `「${event.name}」的服务机构入驻申请已审核通过，现进入公示期，公示期满无异议后正式上线。请重新登录平台。`
            : `「${event.name}」的企业入驻申请已审核通过，现可申领创新券。请重新登录平台。`,
        link: `#/registrations/${event.registrationId}`,
        phone: event.phone,
      };
    case 'registration.rejected':
      return {
        key: `registration.decided.${event.registrationId}.${event.submission}`,
        to: { userId: event.userId },
        title: '您的入驻申请未通过',
        body: `「${event.name}」的入驻申请未通过审核。原因：${event.reason}。请按要求补正后重新提交。`,
        link: `#/registrations/${event.registrationId}`,
        phone: event.phone,
      };
    case 'provider.refused':
      return {
        key: `provider.refused.${event.objectionId}`,
        to: { providerId: event.providerId },
        title: '入驻公示期间异议成立',
        body: `「${event.name}」入驻公示期间收到的异议经审核成立，不予入驻。理由：${event.reason}。`,
        link: '#/notices',
      };
    case 'voucher.expiring':
      return {
        key: `voucher.expiring.${event.days}.${event.voucherId}`,
        to: { enterpriseId: event.enterpriseId },
        title: `您的创新券将在${event.days}天内到期`,
        body:
          `贵单位持有的创新券（券号 ${event.code}）将于${day(event.validUntil)}到期，剩余可用额度${yuan(event.balance)}。` +
          '请在到期前使用，逾期未使用的额度将自动收回。',
        // The API names a voucher by its code (GET /vouchers/:code).
        link: `#/vouchers/${event.code}`,
      };
    case 'order.requested':
      return {
        key: `order.requested.${event.orderId}`,
        to: { providerId: event.providerId },
        title: '您有一笔新的服务订单',
        body: `企业「${event.enterpriseName}」预约了贵机构的服务「${event.serviceName}」，请及时受理。`,
        link: `#/orders/${event.orderId}`,
      };
    case 'order.accepted':
      return {
        key: `order.answered.${event.orderId}`,
        to: { enterpriseId: event.enterpriseId },
        title: '您的服务订单已受理',
        body: `服务机构「${event.providerName}」已受理贵单位预约的服务「${event.serviceName}」。`,
        link: `#/orders/${event.orderId}`,
      };
    case 'order.declined':
      return {
        key: `order.answered.${event.orderId}`,
        to: { enterpriseId: event.enterpriseId },
        title: '您的服务订单未被受理',
        body:
          `服务机构「${event.providerName}」未受理贵单位预约的服务「${event.serviceName}」` +
          (event.reason ? `。原因：${event.reason}。` : '。') +
          '您可另选其他服务机构。',
        link: `#/orders/${event.orderId}`,
      };
    case 'clawback.created':
      return {
        key: `clawback.created.${event.clawbackId}`,
        to: { providerId: event.providerId },
        title: '创新券补贴追回通知',
        body:
          `经审计认定，贵机构已获拨付的创新券补贴${yuan(event.amount)}应予退回。理由：${event.reason}。` +
          '请按出资地区财政部门的要求退回；退回并经财政登记收回前，贵机构不能申请兑付。',
        link: `#/clawbacks/${event.clawbackId}`,
      };
  }
}

/** The party a recipient names, for logs. */
export function describe(to: Recipient): string {
  return 'enterpriseId' in to ? `enterprise ${to.enterpriseId}` : 'providerId' in to ? `provider ${to.providerId}` : `user ${to.userId}`;
}
