import type { LauncherStrings, PanelStrings } from './en';

// Names and addresses are usually Latin script: U+2068/U+2069 isolate them, so
// the punctuation around them stays where Arabic puts it.
const isolate = (text: string) => `\u2068${text}\u2069`;

// Arabic has six plural forms: zero, one, two, few (3–10), many (11–99) and other.
const plural = new Intl.PluralRules('ar');

export const launcher: LauncherStrings = {
  open: 'فتح الدردشة',
  close: 'إغلاق الدردشة',
  openWithUnread: (count) =>
    'فتح الدردشة، ' +
    {
      zero: 'لا توجد رسائل غير مقروءة',
      one: 'رسالة واحدة غير مقروءة',
      two: 'رسالتان غير مقروءتين',
      few: `${count} رسائل غير مقروءة`,
      many: `${count} رسالة غير مقروءة`,
      other: `${count} رسالة غير مقروءة`,
    }[plural.select(count)],
  chat: 'الدردشة',
};

export const panel: PanelStrings = {
  title: 'الدردشة',
  close: 'إغلاق الدردشة',
  online: 'نحن متصلون الآن',
  away: 'لسنا متاحين الآن – سنرد عليك عبر البريد الإلكتروني',
  reconnecting: 'جارٍ إعادة الاتصال…',
  greeting: 'مرحبًا! كيف يمكننا مساعدتك؟',
  messages: 'الرسائل',
  message: 'الرسالة',
  placeholder: 'اكتب رسالتك…',
  send: 'إرسال',
  sending: 'جارٍ الإرسال…',
  notSent: 'لم تُرسَل.',
  retry: 'إعادة الإرسال',
  you: 'أنت',
  agent: 'فريق الدعم',
  typing: (name) => `${isolate(name)} يكتب…`,
  newMessage: (name, body) => `${isolate(name)}: ${body}`,
  closed: 'انتهت هذه المحادثة.',
  startNew: 'بدء محادثة جديدة',
  conversations: 'محادثاتك',
  allConversations: 'كل المحادثات',
  back: 'العودة إلى المحادثة',
  conversation: 'محادثة',
  open: 'مفتوحة',
  ended: 'منتهية',
  deleted: 'تم حذف الرسالة',
  loading: 'جارٍ التحميل…',
  offline: 'تعذّر الوصول إلى الدردشة الآن. تحقّق من اتصالك وحاول مرة أخرى.',
  unavailable: 'الدردشة غير متاحة على هذا الموقع حاليًا.',
  tryAgain: 'حاول مرة أخرى',
  emailPrompt: 'اترك بريدك الإلكتروني لنتمكن من الرد عليك عبر البريد',
  emailSave: 'حفظ',
  emailSaving: 'جارٍ الحفظ…',
  emailInvalid: `يُرجى إدخال بريد إلكتروني صالح، مثل ${isolate('name@example.com')}.`,
  emailRefused: 'تعذّر حفظ هذا البريد الإلكتروني. يُرجى التحقق منه والمحاولة مرة أخرى.',
  emailFailed: 'تعذّر حفظ بريدك الإلكتروني الآن. يُرجى المحاولة مرة أخرى.',
  emailSaved: (email) => `شكرًا! سنرد عليك على ${isolate(email)}.`,
  attach: 'إرفاق ملف',
  uploading: (percent) => `جارٍ الرفع… ${percent}٪`,
  fileTooBig: (limit) => (limit ? `هذا الملف كبير جدًا. الحد الأقصى ${isolate(limit)}.` : 'هذا الملف كبير جدًا.'),
  fileType: 'يمكن إرسال الصور وملفات PDF والملفات النصية فقط.',
  fileTooMany: 'ملفات كثيرة دفعة واحدة. يُرجى الانتظار قليلًا.',
  fileFailed: 'تعذّر إرسال الملف.',
  remove: 'إزالة',
  seen: 'تمت المشاهدة',
  rateTitle: 'كيف كانت خدمتنا؟',
  rateScore: (score) => `${score} من 5`,
  rateComment: 'تعليق (اختياري)',
  rateSend: 'إرسال التقييم',
  rateThanks: 'شكرًا على ملاحظاتك!',
  rateFailed: 'تعذّر إرسال تقييمك. يُرجى المحاولة مرة أخرى.',
};
