import type { EmailWording } from '../wording.js';

/** Simplified Chinese (mainland usage: 登录, 账号, 邮箱), with 【】 around the name in subjects. */
export const zhCN: EmailWording = {
  lang: 'zh-CN',
  dir: 'ltr',
  wordBreak: 'normal',
  fontFamily:
    "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', '微软雅黑', 'Noto Sans SC', sans-serif",
  msoFontFamily: "'Microsoft YaHei', '微软雅黑', sans-serif",
  labelSeparator: '：',
  codes: {
    SignIn: {
      subject: ({ app }) => (app ? `【${app}】登录验证码` : '登录验证码'),
      preheader: () => '请输入验证码完成登录。',
      heading: () => '登录验证码',
      intro: ({ app }) => (app ? `您正在登录${app}，请输入以下验证码。` : '您正在登录，请输入以下验证码。'),
    },
    Register: {
      subject: ({ app }) => (app ? `【${app}】注册验证码` : '注册验证码'),
      preheader: () => '请输入验证码完成注册。',
      heading: () => '验证您的邮箱',
      intro: ({ app }) =>
        app
          ? `您正在注册${app}账号，请输入以下验证码完成注册。`
          : '您正在注册账号，请输入以下验证码完成注册。',
    },
    ForgotPassword: {
      subject: ({ app }) => (app ? `【${app}】重置密码验证码` : '重置密码验证码'),
      preheader: () => '请输入验证码，然后设置新密码。',
      heading: () => '重置密码',
      intro: ({ app }) =>
        app ? `您正在重置${app}账号的密码，请输入以下验证码。` : '您正在重置账号密码，请输入以下验证码。',
    },
    Generic: {
      subject: ({ app }) => (app ? `【${app}】验证码` : '您的验证码'),
      preheader: () => '请输入验证码，验证您的邮箱地址。',
      heading: () => '验证码',
      intro: () => '请输入以下验证码，验证您的邮箱地址。',
    },
    UserPermissionValidation: {
      subject: ({ app }) => (app ? `【${app}】身份验证` : '身份验证'),
      preheader: () => '为保护您的账号安全，需要验证您的身份。',
      heading: () => '验证您的身份',
      intro: () => '为保护您的账号安全，需要验证您的身份。请输入以下验证码。',
    },
    BindNewIdentifier: {
      subject: ({ app }) => (app ? `【${app}】验证新邮箱` : '验证新邮箱'),
      preheader: () => '请输入验证码，将此邮箱绑定到您的账号。',
      heading: () => '验证新邮箱',
      intro: ({ app }) =>
        app
          ? `您正在将此邮箱绑定到${app}账号，请输入以下验证码。`
          : '您正在将此邮箱绑定到您的账号，请输入以下验证码。',
    },
    MfaVerification: {
      subject: ({ app }) => (app ? `【${app}】两步验证码` : '两步验证码'),
      preheader: () => '请输入验证码完成登录。',
      heading: () => '两步验证',
      intro: ({ app }) =>
        app
          ? `您正在登录${app}，请输入以下验证码完成两步验证。`
          : '您正在登录，请输入以下验证码完成两步验证。',
      notYou: '如果这不是您本人的登录操作，说明您的密码可能已被他人知晓，请立即修改密码。',
    },
    BindMfa: {
      subject: ({ app }) => (app ? `【${app}】设置两步验证` : '设置两步验证'),
      preheader: () => '请输入验证码，开启邮箱两步验证。',
      heading: () => '设置两步验证',
      intro: ({ app }) =>
        app
          ? `您正在为${app}账号开启邮箱两步验证，请输入以下验证码。`
          : '您正在开启邮箱两步验证，请输入以下验证码。',
    },
  },
  invitation: {
    subject: ({ org, inviter }) =>
      org ? (inviter ? `${inviter}邀请您加入${org}` : `您已受邀加入${org}`) : '您已受邀加入组织',
    preheader: () => '接受邀请，立即开始使用。',
    heading: ({ org }) => (org ? `加入${org}` : '加入组织'),
    intro: ({ org, inviter }) => `${inviter ? `${inviter}邀请您加入` : '您已受邀加入'}${org ?? '组织'}。`,
    accept: {
      link: '点击下方按钮即可接受邀请。',
      code: '请输入下方的邀请码，接受邀请。',
    },
    button: '接受邀请',
    codeLabel: '邀请码',
    linkHint: '如果按钮无法使用，请将以下链接复制到浏览器中打开：',
    ignore: '如果这份邀请与您无关，请忽略此邮件。',
  },
  codeLabel: '验证码',
  expiry: '验证码将在短时间内失效，请尽快使用。',
  doNotShare: '请勿将验证码告诉任何人。',
  notYou: '如果这不是您本人的操作，请忽略此邮件。',
};
