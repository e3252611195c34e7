import { html, type Router, type SimResponse } from '../http/router'
import { rsaVerify } from './crypto'
import { yuan } from './bill'
import type { PayService, SimOrder } from './service'

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

function page(title: string, inner: string): SimResponse {
  return html(
    200,
    `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f2f2;margin:0;padding:24px;font-size:20px;color:#222}
.card{background:#fff;border-radius:12px;padding:24px;max-width:480px;margin:0 auto;text-align:center}
.amount{font-size:44px;font-weight:bold;margin:16px 0}
.sim{color:#b00;font-size:16px}
button{display:block;width:100%;font-size:24px;padding:18px;margin:14px 0;border:0;border-radius:10px}
.pay{background:#07c160;color:#fff}.cancel{background:#e5e5e5;color:#222}
</style></head><body><div class="card">${inner}</div></body></html>`,
  )
}

function resultPage(
  title: string,
  message: string,
  returnUrl: string | undefined,
  result: string,
  order?: SimOrder,
): SimResponse {
  if (returnUrl) {
    const target = new URL(returnUrl)
    target.searchParams.set('result', result)
    if (order) target.searchParams.set('out_trade_no', order.outTradeNo)
    return { status: 302, headers: { location: target.toString() }, body: '' }
  }
  return page(title, `<h2>${escapeHtml(title)}</h2><p>${escapeHtml(message)}</p>`)
}

function safeReturnUrl(value: string | null): string | undefined {
  if (!value) return undefined
  try {
    const u = new URL(value)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined
  } catch {
    return undefined
  }
}

/**
 * Serves the simulated wallet page of the H5 build: GET /__sim/pay?prepay_id=… (or the
 * wx.requestPayment parameters, whose paySign is then verified) and POST /__sim/pay/confirm.
 */
export function registerPayPage(router: Router, pay: PayService): void {
  router.add('GET', '/__sim/pay', (req) => {
    const q = req.query
    const pkg = q.get('package')
    const prepayId =
      q.get('prepay_id') ?? (pkg?.startsWith('prepay_id=') ? pkg.slice('prepay_id='.length) : null)
    const order = prepayId ? pay.byPrepayId(prepayId) : undefined
    if (!prepayId || !order)
      return page('订单不存在', '<h2>订单不存在</h2><p>未找到该预支付订单（prepay_id）。</p>')
    const paySign = q.get('paySign')
    if (paySign !== null) {
      const message = `${q.get('appId') ?? ''}\n${q.get('timeStamp') ?? ''}\n${q.get('nonceStr') ?? ''}\n${pkg ?? ''}\n`
      if (q.get('appId') !== order.appid || !rsaVerify(message, paySign, pay.keys.merchantPublicKeyPem)) {
        return page('支付验证失败', '<h2>支付验证失败</h2><p>paySign 签名错误，请检查支付参数。</p>')
      }
    }
    if (order.state === 'SUCCESS' || order.state === 'REFUND')
      return page('订单已支付', '<h2>该订单已支付</h2>')
    if (order.state === 'CLOSED') return page('订单已关闭', '<h2>该订单已关闭</h2>')
    const returnUrl = safeReturnUrl(q.get('return_url'))
    const hidden = `<input type="hidden" name="prepay_id" value="${escapeHtml(prepayId)}">${
      returnUrl ? `<input type="hidden" name="return_url" value="${escapeHtml(returnUrl)}">` : ''
    }`
    return page(
      '微信支付',
      `<p class="sim">模拟支付页面（仅用于开发测试）</p>
<p>${escapeHtml(order.description)}</p>
<div class="amount">￥${yuan(order.totalFen)}</div>
<p>商户号 ${escapeHtml(order.mchid)}</p>
<form method="post" action="/__sim/pay/confirm">${hidden}
<button class="pay" type="submit" name="action" value="pay">确认支付</button>
<button class="cancel" type="submit" name="action" value="cancel">取消</button>
</form>`,
    )
  })
  router.add('POST', '/__sim/pay/confirm', (req) => {
    const form = new URLSearchParams(req.rawBody)
    const order = pay.byPrepayId(form.get('prepay_id') ?? '')
    const returnUrl = safeReturnUrl(form.get('return_url'))
    if (!order) return page('订单不存在', '<h2>订单不存在</h2>')
    if (form.get('action') !== 'pay')
      return resultPage('已取消支付', '您已取消本次支付。', returnUrl, 'cancel', order)
    try {
      pay.pay(order.outTradeNo)
    } catch (err) {
      const message =
        err instanceof Error && err.message.includes('expired')
          ? '订单已过期，请重新下单。'
          : '订单状态已变化，无法支付。'
      return resultPage('支付失败', message, returnUrl, 'fail', order)
    }
    return resultPage(
      '支付成功',
      `已向 ${order.mchid} 支付 ￥${yuan(order.totalFen)}。`,
      returnUrl,
      'ok',
      order,
    )
  })
}
