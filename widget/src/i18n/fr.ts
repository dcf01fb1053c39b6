import type { LauncherStrings, PanelStrings } from './en';

// French typography: a no-break space (U+00A0) before « : ! ? ».
export const launcher: LauncherStrings = {
  open: 'Ouvrir le chat',
  close: 'Fermer le chat',
  // 0 and 1 take the singular in French.
  openWithUnread: (count) => `Ouvrir le chat, ${count < 2 ? `${count} message non lu` : `${count} messages non lus`}`,
  chat: 'Chat',
};

export const panel: PanelStrings = {
  title: 'Chat',
  close: 'Fermer le chat',
  online: 'Nous sommes en ligne',
  away: 'Nous sommes absents – nous vous répondrons par e-mail',
  reconnecting: 'Reconnexion…',
  greeting: 'Bonjour\u00a0! Comment pouvons-nous vous aider\u00a0?',
  messages: 'Messages',
  message: 'Message',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer',
  sending: 'Envoi en cours…',
  notSent: 'Non envoyé.',
  retry: 'Renvoyer',
  you: 'Vous',
  agent: 'Assistance',
  typing: (name) => `${name} est en train d’écrire…`,
  newMessage: (name, body) => `${name}\u00a0: ${body}`,
  closed: 'Cette conversation est terminée.',
  startNew: 'Démarrer une nouvelle conversation',
  conversations: 'Vos conversations',
  allConversations: 'Toutes les conversations',
  back: 'Retour à la conversation',
  conversation: 'Conversation',
  open: 'En cours',
  ended: 'Terminée',
  loading: 'Chargement…',
  offline: 'Impossible de joindre le chat pour le moment. Vérifiez votre connexion et réessayez.',
  unavailable: 'Le chat n’est pas disponible sur ce site pour le moment.',
  tryAgain: 'Réessayer',
  emailPrompt: 'Laissez-nous votre adresse e-mail pour recevoir notre réponse par e-mail',
  emailSave: 'Enregistrer',
  emailSaving: 'Enregistrement…',
  emailInvalid: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
  emailRefused: 'Nous n’avons pas pu enregistrer cette adresse e-mail. Vérifiez-la et réessayez.',
  emailFailed: 'Votre adresse e-mail n’a pas pu être enregistrée pour le moment. Veuillez réessayer.',
  emailSaved: (email) => `Merci\u00a0! Nous vous répondrons à ${email}.`,
};
