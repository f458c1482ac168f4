from usines.settings import *  # noqa
MIDDLEWARE = []
