"""The names the recorded voice goes by, on disk and in the kiosk.

Apart from the voice model (kiosk/voice.py) so that what Home's first frame needs of them
(the content watcher's view of a language's voice folder, Read aloud's page keys) comes
without the model's classes, which the kiosk reads the narration with after that paint."""

HOME = "home"  # Home's page, as the narration names it (a topic's is its slug)
STILL_READING = "still-reading"  # the "Still reading?" card's question
VOICE_FOLDER = "voice"  # in each language's folder
MANIFEST = "manifest.json"  # in the voice folder: page -> its sentences, in order
