import { media } from '../media';
import { bold, h, italic, ol, p, ul } from '../rich-text';
import type { CourseSeed } from '../types';

export const smartphonePhotography: CourseSeed = {
  slug: 'smartphone-photography-basics',
  title: 'Smartphone Photography Basics',
  summary:
    'Take photos you are proud of with the phone already in your pocket: find good light, control exposure and focus, compose with intent and edit with restraint.',
  description: [
    p('The camera matters far less than the person holding it. Modern phones handle the technical details well; what they cannot do is choose the light, the moment and the frame. That is what this course teaches.'),
    p('Five short lessons, each with a ten-minute assignment to shoot around your home or neighbourhood. Any recent Android phone or iPhone works; no extra apps are needed.'),
  ],
  outcomes: [
    'Recognise and use good natural light at any time of day',
    'Set focus and exposure manually on your phone and lock them',
    'Compose with the rule of thirds, leading lines and a clean background',
    'Edit a photo in a consistent order without overdoing it',
  ],
  level: 'beginner',
  language: 'en',
  category: 'communication-creativity',
  instructor: 'lerato-mokoena',
  pricing: { model: 'one_time', amount: 24900, currency: 'ZAR' },
  cover: media.coverPhotography,
  certificateTemplate: 'Lerato Mokoena: certificate of completion',
  sections: [
    {
      title: 'Light',
      lessons: [
        {
          slug: 'photo-find-the-light',
          title: 'Find the light first',
          freePreview: true,
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Photography means "drawing with light". A phone\'s small sensor needs plenty of it, and the ', italic('quality'), ' of the light matters more than the subject.'),
                ul(
                  [bold('Golden hour: '), 'the hour after sunrise and before sunset gives soft, warm, low light with long shadows.'],
                  [bold('Window light: '), 'for portraits and food indoors, put the subject beside a window, not in front of it. Turn off the ceiling lights.'],
                  [bold('Open shade: '), 'at midday, move people into the shade of a building; the sky still lights their faces evenly.'],
                  [bold('Backlight: '), 'with the sun behind the subject you get glowing edges; expose for the face (next lesson).'],
                ),
                p(bold('Assignment: '), 'photograph the same object at 8:00, 12:00 and 17:00 from the same spot. Compare the three.'),
              ],
            },
          ],
        },
        {
          slug: 'photo-exposure-and-focus',
          title: 'Exposure and focus on a phone',
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Your phone guesses focus and brightness from the whole scene. Take control in two taps:'),
                ol(
                  'Tap the subject to set focus and exposure there.',
                  'Slide up or down beside the focus box (the sun icon on iPhone, the brightness slider on most Android phones) to adjust brightness.',
                  'Press and hold to lock both, so they stay put while you recompose.',
                ),
                h('Protect the highlights'),
                p('A white shirt or a bright sky that turns pure white has lost its detail for good, while dark areas can usually be lifted in editing. When in doubt, slide the exposure down a little.'),
                p('HDR mode merges several exposures automatically and helps with bright skies; turn it off for moving subjects if you see ghosting.'),
              ],
            },
          ],
        },
        {
          slug: 'photo-colour-and-white-balance',
          title: 'Colour and white balance',
          estimatedMinutes: 8,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Light has a colour: candles and old bulbs are orange, shade on a clear day is blue. Our eyes adjust so quickly that we rarely notice; the camera notices, and it also has to guess what colour things "really" are.'),
                p('Warm up with the interactive question below. Look at the photo carefully before you answer: what we believe we see is not always what is there.'),
              ],
            },
            { kind: 'h5p', title: 'What colour is a blackcurrant, really?', media: media.colourH5p, graded: true },
            {
              kind: 'rich-text',
              body: [
                p('Very dark colours often read as black until the light comes from the side. When a photo looks too orange or too blue, fix it with the ', bold('warmth'), ' (or ', bold('temperature'), ') slider when editing, using something you know is white or grey as the reference.'),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Composition and editing',
      lessons: [
        {
          slug: 'photo-composition',
          title: 'Rule of thirds and leading lines',
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Turn on the camera grid (Settings, Camera, Grid). It divides the frame into thirds.'),
                ul(
                  [bold('Rule of thirds: '), 'place the subject, or a person\'s eyes, on a line or where two lines cross, rather than dead centre. Put the horizon on the top or bottom line, never through the middle.'],
                  [bold('Leading lines: '), 'roads, fences, rivers and shadows pull the eye through the photo. Start them near a corner.'],
                  [bold('Clean background: '), 'before you shoot, look at the edges of the frame. Step sideways to lose the bin, the pole growing out of someone\'s head, the bright sign.'],
                  [bold('Get closer: '), 'walk towards the subject instead of zooming; the image stays sharper.'],
                ),
                p('Rules are defaults. Centre a perfectly symmetrical subject; break the rule when you can say why.'),
              ],
            },
          ],
        },
        {
          slug: 'photo-editing',
          title: 'Editing without overdoing it',
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('The phone\'s built-in editor is enough. Work in this order, so each step does not undo the last:'),
                ol(
                  'Crop and straighten.',
                  'Exposure: brightness first, then highlights down and shadows up.',
                  'White balance (warmth) so whites look white.',
                  'Contrast.',
                  'Saturation last, and less than you think.',
                ),
                p('Edits in the built-in apps are non-destructive: you can always revert to the original. Come back the next day; if the edit looks loud, pull every slider back by half.'),
              ],
            },
          ],
        },
      ],
    },
  ],
};
