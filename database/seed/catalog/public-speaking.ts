import { media } from '../media';
import { bold, h, italic, ol, p, quote, ul } from '../rich-text';
import type { AssignmentSeed, CourseSeed } from '../types';

const level = (label: string, points: number, description: string) => ({ label, points, description });

export const threeMinuteTalk: AssignmentSeed = {
  title: 'Record a three-minute talk',
  instructions: [
    p('Choose a topic you know well: a skill, a place, a lesson you learnt the hard way. Prepare a talk of about three minutes using the one-message, three-points structure from the first lesson, then record it in one take.'),
    ol(
      'Write your one-sentence message and your three points on a card. Nothing else.',
      'Rehearse out loud at least three times, standing up.',
      'Record yourself on a phone at eye level, framed from the waist up, in a quiet room.',
      'Upload the video (up to 100 MB; 720p is plenty), or a PDF with a link to an unlisted video.',
    ),
    p(bold('Marking: '), 'four criteria of 25 points each (see the rubric). You need 60 to pass, and you may resubmit once you have read the feedback.'),
  ],
  maxScore: 100,
  passScore: 60,
  allowResubmission: true,
  allowedFileTypes: 'mp4,mov,webm,m4a,mp3,pdf',
  maxFileSizeMb: 100,
  rubric: [
    {
      title: 'Message and structure',
      description: 'Is there one clear message, supported by a small number of points, with an opening and a close?',
      levels: [
        level('Excellent', 25, 'One memorable message, stated early and repeated at the close; three clearly signposted points.'),
        level('Proficient', 18, 'A clear message and points, but the opening or the close is weak.'),
        level('Developing', 10, 'Points are there but the message is unclear or stated only once.'),
        level('Beginning', 4, 'No identifiable message or structure.'),
      ],
    },
    {
      title: 'Voice, pace and pauses',
      description: 'Can the audience hear and follow every sentence?',
      levels: [
        level('Excellent', 25, 'Varied pace and pitch, deliberate pauses before and after key points, no filler words to speak of.'),
        level('Proficient', 18, 'Clear and audible; occasional rushing or filler words.'),
        level('Developing', 10, 'Monotone or hurried in places; frequent filler words.'),
        level('Beginning', 4, 'Hard to hear or follow.'),
      ],
    },
    {
      title: 'Body language and eye contact',
      description: 'Does the speaker look at the audience (the camera) and move with purpose?',
      levels: [
        level('Excellent', 25, 'Looks into the camera most of the time; open, purposeful gestures; still when making a point.'),
        level('Proficient', 18, 'Mostly engaged; some looking away or fidgeting.'),
        level('Developing', 10, 'Reads from notes for long stretches; closed posture.'),
        level('Beginning', 4, 'Little or no eye contact.'),
      ],
    },
    {
      title: 'Timing',
      description: 'Is the talk close to three minutes?',
      levels: [
        level('Excellent', 25, 'Between 2:45 and 3:15.'),
        level('Proficient', 18, 'Between 2:30 and 3:30.'),
        level('Developing', 10, 'Between 2:00 and 4:00.'),
        level('Beginning', 4, 'Shorter than 2:00 or longer than 4:00.'),
      ],
    },
  ],
};

export const publicSpeaking: CourseSeed = {
  slug: 'public-speaking-with-confidence',
  title: 'Public Speaking with Confidence',
  summary:
    'Plan a talk people remember, calm your nerves and deliver it with a steady voice. Finish by recording a three-minute talk and getting rubric-based feedback.',
  description: [
    p('Most fear of speaking is fear of the unknown: not knowing what to say next, or how you come across. This course removes both. You learn a structure that fits any talk, a few techniques that settle nerves, and how your voice and body carry a message.'),
    p('The subscription includes personal feedback: you record a three-minute talk and your instructor marks it against a published rubric. Resubmit as often as you like while your subscription is active.'),
  ],
  outcomes: [
    'Structure any talk around one message and three points',
    'Use breathing and rehearsal to keep nerves in check',
    'Control pace, pauses and volume so every sentence lands',
    'Deliver a three-minute talk and improve it from rubric feedback',
  ],
  level: 'beginner',
  language: 'en',
  category: 'communication-creativity',
  instructor: 'lerato-mokoena',
  pricing: { model: 'subscription', amount: 9900, currency: 'ZAR' },
  cover: media.coverSpeaking,
  certificateTemplate: 'Lerato Mokoena: certificate of completion',
  assignments: [threeMinuteTalk],
  sections: [
    {
      title: 'Planning a talk',
      lessons: [
        {
          slug: 'speaking-one-message',
          title: 'One message, three points',
          freePreview: true,
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Before you write a word, finish this sentence: ', italic('"If my audience remembers one thing, it is …"'), ' That sentence is your message. Everything in the talk supports it or goes.'),
                h('The structure'),
                ol(
                  [bold('Open'), ' with a hook: a question, a surprising number, a ten-second story. Then state your message.'],
                  [bold('Three points'), ', each with one example. Three is enough to feel complete and few enough to remember.'],
                  [bold('Close'), ' by repeating the message in new words, and tell the audience what to do with it.'],
                ),
                quote('Tell them what you are going to tell them, tell them, then tell them what you told them.'),
                p('It sounds repetitive on paper. Spoken, it is what lets a listener who drifted off for ten seconds find their way back.'),
              ],
            },
          ],
        },
        {
          slug: 'speaking-taming-nerves',
          title: 'Taming nerves',
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('A racing heart before a talk is normal; experienced speakers feel it too. The goal is not to remove it but to keep it working for you.'),
                ul(
                  [bold('Breathe out longer than you breathe in: '), 'in for four counts, out for six, for one minute. A long exhale slows the heart.'],
                  [bold('Rehearse out loud, standing: '), 'silent reading does not count. Three full run-throughs remove most of the unknown.'],
                  [bold('Memorise the first thirty seconds: '), 'nerves peak at the start; a rehearsed opening carries you past them.'],
                  [bold('Call it excitement: '), 'the body signals are the same, and saying "I am excited" helps more than "calm down".'],
                ),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Delivery',
      lessons: [
        {
          slug: 'speaking-voice-and-pace',
          title: 'Voice, pace and pauses',
          estimatedMinutes: 15,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Watch this well-known ten-minute talk on how to speak so that people want to listen, then try the exercises below.'),
              ],
            },
            {
              kind: 'video',
              title: 'Julian Treasure: How to speak so that people want to listen (TED)',
              provider: 'youtube',
              url: 'https://www.youtube.com/watch?v=eIho2S0ZahI',
              durationSeconds: 598,
              completionThreshold: 80,
            },
            {
              kind: 'rich-text',
              body: [
                h('Exercises'),
                ul(
                  [bold('Pace: '), 'read a paragraph aloud for one minute and count the words. Around 130 to 160 words a minute is easy to follow; nerves push most people well above that.'],
                  [bold('Pause: '), 'mark a pause before and after your message sentence. Hold each for two full seconds. It will feel long to you and sound confident to them.'],
                  [bold('Volume: '), 'speak to the back wall of the room, not to the front row.'],
                ),
              ],
            },
          ],
        },
        {
          slug: 'speaking-body-language',
          title: 'Body language and eye contact',
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                ul(
                  [bold('Stand still to make a point, move to change point. '), 'Pacing without a reason reads as nerves.'],
                  [bold('Gesture above the waist, away from your body. '), 'Hands in pockets or clasped in front close you off.'],
                  [bold('One sentence, one person. '), 'In a room, finish each sentence looking at one listener. On camera, the lens is that person.'],
                  [bold('Keep notes to keywords '), 'on a card, so you glance down rather than read.'],
                ),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Your talk',
      lessons: [
        {
          slug: 'speaking-assignment',
          title: 'Assignment: record a three-minute talk',
          estimatedMinutes: 45,
          blocks: [
            {
              kind: 'rich-text',
              body: [p('Time to put it together. Read the rubric before you plan: it is exactly how your talk will be marked.')],
            },
            { kind: 'assignment', assignment: threeMinuteTalk, countsTowardCompletion: true },
          ],
        },
      ],
    },
  ],
};
