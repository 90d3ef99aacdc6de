/**
 * A scripted multi-session conversation, English and Chinese: Ana (user "ana") lives in Lisbon and works at
 * Siemens, then moves to Berlin and joins Google; Li Wei (user "liwei", in Chinese) moves from Shanghai to Beijing.
 */
import type { RememberInput } from "../../src/core/index.js";

/** A turn Ana says in a session. */
export const ana = (session: string, at: string, text: string): RememberInput => ({
  text,
  user: "ana",
  session,
  speaker: "Ana",
  role: "user",
  at,
});
const bot = (user: string, session: string, at: string, text: string): RememberInput => ({
  text,
  user,
  session,
  role: "assistant",
  at,
});
const li = (session: string, at: string, text: string): RememberInput => ({
  text,
  user: "liwei",
  session,
  speaker: "李伟",
  role: "user",
  at,
});

export const SESSIONS: RememberInput[][] = [
  [
    ana("s1", "2024-01-10T09:00:00Z", "Hi! My name is Ana."),
    bot("ana", "s1", "2024-01-10T09:00:10Z", "Nice to meet you, Ana. Tell me about yourself."),
    ana("s1", "2024-01-10T09:01:00Z", "I live in Lisbon and I work at Siemens as an engineer."),
    bot("ana", "s1", "2024-01-10T09:01:10Z", "Lisbon is lovely. How long have you been there?"),
    ana("s1", "2024-01-10T09:02:00Z", "My sister Maria lives in Porto."),
    bot("ana", "s1", "2024-01-10T09:02:10Z", "Do you see her often?"),
    ana("s1", "2024-01-10T09:03:00Z", "I love hiking."),
    ana("s1", "2024-01-10T09:03:30Z", "My brother works at Airbus."),
  ],
  [
    ana("s2", "2024-03-05T18:00:00Z", "Honestly, I love hiking!"),
    bot("ana", "s2", "2024-03-05T18:00:10Z", "Where do you go hiking?"),
    ana("s2", "2024-03-05T18:01:00Z", "Mostly in Sintra, it is close to where I live in Lisbon."),
    ana("s2", "2024-03-05T18:02:00Z", "My brother's name is Tom."),
    bot("ana", "s2", "2024-03-05T18:02:10Z", "Does Tom like hiking too?"),
    ana("s2", "2024-03-05T18:03:00Z", "My sister just started working at Deloitte."),
    ana("s2", "2024-03-05T18:04:00Z", "I have two cats."),
  ],
  [
    ana("s3", "2024-06-01T10:00:00Z", "Big news: I moved to Berlin last month!"),
    bot("ana", "s3", "2024-06-01T10:00:10Z", "Congratulations! What brought you to Berlin?"),
    ana("s3", "2024-06-01T10:01:00Z", "I joined Google, so I work at Google now."),
    bot("ana", "s3", "2024-06-01T10:01:10Z", "That is a big change from Siemens."),
    ana("s3", "2024-06-01T10:02:00Z", "I'm planning to learn German this year."),
    ana("s3", "2024-06-01T10:03:00Z", "You know I love hiking."),
  ],
  [
    ana("s4", "2024-09-15T08:00:00Z", "我也在学中文。"),
    bot("ana", "s4", "2024-09-15T08:00:10Z", "太好了！你喜欢什么？"),
    ana("s4", "2024-09-15T08:01:00Z", "我很喜欢喝茶。"),
    ana("s4", "2024-09-15T08:02:00Z", "我打算明年去日本旅行。"),
  ],
  [
    li("z1", "2024-02-01T12:00:00Z", "你好，我叫李伟。"),
    bot("liwei", "z1", "2024-02-01T12:00:10Z", "你好，李伟！"),
    li("z1", "2024-02-01T12:01:00Z", "我住在上海，在阿里巴巴工作。"),
    li("z1", "2024-02-01T12:02:00Z", "我妹妹叫小芳。"),
  ],
  [
    li("z2", "2024-08-01T12:00:00Z", "我上个月搬到了北京。"),
    bot("liwei", "z2", "2024-08-01T12:00:10Z", "北京怎么样？"),
    li("z2", "2024-08-01T12:01:00Z", "我现在在百度上班。"),
    li("z2", "2024-08-01T12:02:00Z", "我妹妹住在杭州。"),
  ],
];

export const TURNS: RememberInput[] = SESSIONS.flat();
