/**
 * The privacy policy (隐私政策) shown to every person at first sign-in and again whenever its version changes.
 * This is its one home: the BFF serves it, records acceptance of PRIVACY_POLICY_VERSION, and the mini-program
 * shows it. Why each duty exists and where it comes from is in docs/privacy.md.
 */

/**
 * Version of the policy text. Change it whenever what we collect, why, how long or who sees it changes: every
 * person is then asked to read and accept the policy again before using personal features.
 */
export const PRIVACY_POLICY_VERSION = '2026.12.3'

/** Day the version takes effect (YYYY-MM-DD, Asia/Shanghai). */
export const PRIVACY_POLICY_EFFECTIVE_DATE = '2026-12-08'

/** Who answers privacy questions when nothing else is configured: the person's own village committee. */
export const DEFAULT_PRIVACY_CONTACT = '您所在村的村民委员会（村委会）'

/** One section of the policy: a heading and its paragraphs, plain Simplified Chinese for villagers. */
export interface PrivacyPolicySection {
  heading: string
  paragraphs: string[]
}

/** The policy's sections, without the contact (added where it is configured, see privacyPolicySections). */
const SECTIONS: readonly PrivacyPolicySection[] = [
  {
    heading: '我们收集哪些信息',
    paragraphs: [
      '登录时：微信给我们的账号标识，用来认出是您，不会拿到您的微信密码。',
      '申请加入本村时：您填写的姓名和户号。',
      '您在村务通里做的事：订阅了哪些公开内容、收到的消息、提出的更正申请、缴纳村集体收费的记录。',
      '提出政府信息公开申请时：申请人的姓名或单位名称、证件类型和号码（比如身份证号）、联系电话或地址，以及您想要的信息。',
      '村里公开的名单（比如低保、补贴名单）里有您家时，这些信息由村里录入。其中的身份证号、银行卡号、手机号只用来核对，不对外公开。',
      '村务管理员导入表格、给公开内容加附件或上传记账凭证时，会从微信聊天里选一个文件；您给留言添加照片时，会从相册选一张或拍一张。我们只读取选中的那个文件或照片，不读取别的。',
    ],
  },
  {
    heading: '为什么收集，依据是什么',
    paragraphs: [
      '为了让您登录，确认您是本村村民，给您看和您家有关的公开内容。',
      '村务公开是村委会和政府依法要做的事（《中华人民共和国村民委员会组织法》第三十条、《中华人民共和国政府信息公开条例》）。按照《中华人民共和国个人信息保护法》第十三条，处理这些信息是履行法定职责所必需的。',
      '订阅消息、网上缴费，要您自己同意才会做。',
      '政府信息公开申请要写明申请人的姓名、身份证件和联系方式（《中华人民共和国政府信息公开条例》第二十九条），我们只把它们交给您申请的乡镇或县里的机关，用来办理和答复您的申请。',
      '身份证号、低保情况、银行账号属于敏感个人信息，只在核对名单、发放补贴、收费和办理您的政府信息公开申请时使用，不用于别的事。',
    ],
  },
  {
    heading: '保存多久',
    paragraphs: [
      '名单公示期满后，公开页面上不再显示；原始记录按村务档案的规定由村里保存。',
      '缴费记录按会计档案的规定保存。',
      '政府信息公开申请由受理申请的机关按档案的规定保存。',
      '登录凭证最长保存三十天，退出登录后立即作废。',
    ],
  },
  {
    heading: '谁能看到',
    paragraphs: [
      '公开的内容本村村民和社会公众都能看到，但身份证号、手机号、银行卡号不会完整显示，未成年人的信息不公开。',
      '完整的名单只有本村的村务管理员、负责核对的乡镇和县里工作人员能看到。',
      '名单里和您家有关的完整信息，只有您自己能在“与我相关”里看到。',
      '您的政府信息公开申请和您填写的身份信息，只有您自己和受理申请的机关能看到，不会公开，上级机关和村里也看不到。',
      '我们不会把您的信息卖给或提供给其他人。登录和缴费由微信和微信支付处理。',
    ],
  },
  {
    heading: '您可以做什么',
    paragraphs: [
      '在“我的” → “我的信息”里，可以看到并下载村务通保存的关于您的全部信息。',
      '发现信息不对，或者想删除，可以在同一页提出申请，申请会送到您村里的村务管理员。',
      '不同意本政策，可以不登录，公开内容照样能看。',
    ],
  },
  {
    heading: '政策有变化时',
    paragraphs: ['本政策有变化时，会在您下次打开时请您重新阅读并同意。'],
  },
]

/** The policy's sections with the contact section last. */
export function privacyPolicySections(contact: string): PrivacyPolicySection[] {
  return [...SECTIONS, { heading: '有问题找谁', paragraphs: [`请联系：${contact}。`] }]
}

/** Where a person stands with the current policy version, from their acceptances (oldest first). */
export function privacyStatusOf(consents: readonly { policyVersion: string; acceptedAt: Date }[]): {
  currentVersion: string
  acceptedVersion: string | null
  acceptedAt: string | null
  needsAcceptance: boolean
} {
  const last = consents.at(-1) ?? null
  return {
    currentVersion: PRIVACY_POLICY_VERSION,
    acceptedVersion: last?.policyVersion ?? null,
    acceptedAt: last ? last.acceptedAt.toISOString() : null,
    needsAcceptance: last?.policyVersion !== PRIVACY_POLICY_VERSION,
  }
}
