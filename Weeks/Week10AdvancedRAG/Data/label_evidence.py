# The labelled question set, written by hand: each question with every docs file (relative to
# Datasets/python-docs, the _sources root) that answers it, and for each file the phrase found in it
# when the answer was looked up. Run it to check that every file exists and holds its phrase; with
# a path argument it (re)writes the JSON Lines file the week reads:
#   python3 Weeks/Week10AdvancedRAG/Data/label_evidence.py Weeks/Week10AdvancedRAG/Data/questions.jsonl
#   python3 Weeks/Week10AdvancedRAG/Data/label_evidence.py --heldout Weeks/Week10AdvancedRAG/Data/heldout.jsonl
#
# Q is the development set: the retrievers' settings were chosen by looking at its figures.
# H is the held-out set, written and labelled the same way before any fusion setting was measured
# on it and never used to choose one: it shows whether those choices carry over to new questions.

# question, [(file, evidence)]
Q = [
("How do I pretty-print JSON with indentation?", [("library/json.rst.txt","indent")]),
("How can I run a shell command and capture its output?", [("library/subprocess.rst.txt","capture_output")]),
("How do I parse command-line options and arguments in a script?", [("library/argparse.rst.txt","add_argument"),("howto/argparse.rst.txt","add_argument"),("library/getopt.rst.txt","getopt(")]),
("How do I read and write CSV files?", [("library/csv.rst.txt","csv.writer")]),
("How can I get the current date and time?", [("library/datetime.rst.txt","datetime.now")]),
("How do I format a datetime as a string with a custom format like year-month-day?", [("library/datetime.rst.txt","strftime")]),
("How do I create a virtual environment?", [("tutorial/venv.rst.txt","python3 -m venv"),("library/venv.rst.txt","Creating virtual environments"),("installing/index.rst.txt","venv")]),
("How do I copy a whole directory tree?", [("library/shutil.rst.txt","copytree")]),
("How can I find all files whose names match a pattern like *.txt?", [("library/glob.rst.txt","*.txt"),("library/pathlib.rst.txt",".glob(")]),
("How do I read a text file line by line?", [("tutorial/inputoutput.rst.txt","for line in f")]),
("How do I count how many times each item occurs in a list?", [("library/collections.rst.txt","Counter")]),
("How do I make a dictionary that supplies a default value for missing keys?", [("library/collections.rst.txt","defaultdict"),("library/stdtypes.rst.txt","__missing__")]),
("How do I sort a list of dictionaries by one of their keys?", [("howto/sorting.rst.txt","key="),("library/functions.rst.txt","sorted("),("library/stdtypes.rst.txt","sort(*, key")]),
("How do I measure the execution time of a small code snippet?", [("library/timeit.rst.txt","timeit")]),
("How do I generate a random integer between two numbers?", [("library/random.rst.txt","randint")]),
("How do I generate a secure random token for a password reset link?", [("library/secrets.rst.txt","token_urlsafe")]),
("How do I compute the SHA-256 hash of some data?", [("library/hashlib.rst.txt","sha256")]),
("How do I write log messages to a file?", [("howto/logging.rst.txt","filename="),("library/logging.rst.txt","filename"),("library/logging.handlers.rst.txt","FileHandler")]),
("How do I download a web page over HTTP?", [("library/urllib.request.rst.txt","urlopen"),("howto/urllib2.rst.txt","urlopen")]),
("How do I run functions in parallel using a pool of threads?", [("library/concurrent.futures.rst.txt","ThreadPoolExecutor")]),
("How do I write a coroutine with async and await and run it?", [("library/asyncio-task.rst.txt","asyncio.run"),("reference/compound_stmts.rst.txt","async def")]),
("How do I compress a file with gzip?", [("library/gzip.rst.txt","gzip.open")]),
("How do I extract all files from a zip archive?", [("library/zipfile.rst.txt","extractall"),("library/shutil.rst.txt","unpack_archive")]),
("How do I save a Python object to a file and load it back later?", [("library/pickle.rst.txt","pickle.dump"),("library/shelve.rst.txt","shelve.open")]),
("How do I define a class whose __init__ and __repr__ are generated automatically from its fields?", [("library/dataclasses.rst.txt","__repr__")]),
("How do I define an enumeration of named constants?", [("library/enum.rst.txt","class Color"),("howto/enum.rst.txt","class Weekday")]),
("How do I write and run unit tests?", [("library/unittest.rst.txt","TestCase")]),
("How do I replace an object with a mock during a test?", [("library/unittest.mock.rst.txt","patch")]),
("How do I find all matches of a regular expression in a string?", [("library/re.rst.txt","findall"),("howto/regex.rst.txt","findall")]),
("What does the yield keyword do in a function?", [("reference/expressions.rst.txt","yield expression"),("reference/simple_stmts.rst.txt","yield statement"),("tutorial/classes.rst.txt","yield")]),
("How do I handle an exception with try and except?", [("tutorial/errors.rst.txt","except"),("reference/compound_stmts.rst.txt","try")]),
("How do I define my own exception class?", [("tutorial/errors.rst.txt","User-defined Exceptions"),("library/exceptions.rst.txt","derived from")]),
("Why are there separate tuple and list data types?", [("faq/design.rst.txt","separate tuple and list")]),
("Why does 0.1 + 0.2 not equal 0.3 exactly?", [("tutorial/floatingpoint.rst.txt","0.1")]),
("How do list comprehensions work?", [("tutorial/datastructures.rst.txt","List Comprehensions"),("reference/expressions.rst.txt","comprehension")]),
("How do I write a context manager using a generator function?", [("library/contextlib.rst.txt","contextmanager")]),
("How do I cache the results of an expensive function call?", [("library/functools.rst.txt","lru_cache")]),
("How do I get all permutations of a list?", [("library/itertools.rst.txt","permutations")]),
("How do I get the path of the user's home directory?", [("library/os.path.rst.txt","expanduser"),("library/pathlib.rst.txt","home()")]),
("How do I read an environment variable?", [("library/os.rst.txt","getenv")]),
("How do I create a temporary file that is deleted automatically?", [("library/tempfile.rst.txt","NamedTemporaryFile")]),
("How do I register a function to run when the interpreter exits?", [("library/atexit.rst.txt","register")]),
("How do I send an email from a Python program?", [("library/smtplib.rst.txt","sendmail"),("library/email.examples.rst.txt","send a simple text message")]),
("How do I parse an XML document?", [("library/xml.etree.elementtree.rst.txt","parse"),("library/xml.dom.minidom.rst.txt","parse")]),
("How do I connect to an SQLite database and run a query?", [("library/sqlite3.rst.txt","connect")]),
("How do I format a number with a comma as thousands separator?", [("library/string.rst.txt","thousands separator")]),
("What are f-strings (formatted string literals)?", [("reference/lexical_analysis.rst.txt","Formatted string literals"),("tutorial/inputoutput.rst.txt","Formatted String Literals")]),
("How do I add type hints to a function's parameters and return value?", [("library/typing.rst.txt","-> str")]),
("How do I profile my program to find which functions are slow?", [("library/profile.rst.txt","cProfile")]),
("How do I pause my program in a debugger at a breakpoint?", [("library/pdb.rst.txt","breakpoint()"),("library/functions.rst.txt","breakpoint(")]),
("Which container gives fast appends and pops from both ends?", [("library/collections.rst.txt","deque"),("tutorial/datastructures.rst.txt","collections.deque")]),
("How do I implement a priority queue?", [("library/heapq.rst.txt","priority queue"),("library/queue.rst.txt","PriorityQueue")]),
("How do I do a binary search in a sorted list?", [("library/bisect.rst.txt","bisect_left")]),
("How do I do exact decimal arithmetic for money amounts?", [("library/decimal.rst.txt","Decimal(")]),
("How do I compute the mean and standard deviation of a list of numbers?", [("library/statistics.rst.txt","stdev")]),
("How do I open a TCP connection to a server with sockets?", [("library/socket.rst.txt","create_connection"),("howto/sockets.rst.txt","connect")]),
("How do I share state between processes?", [("library/multiprocessing.rst.txt","Sharing state between processes"),("library/multiprocessing.shared_memory.rst.txt","SharedMemory")]),
("What is the global interpreter lock?", [("glossary.rst.txt","global interpreter lock"),("faq/library.rst.txt","Global Interpreter Lock")]),
("How do I make instances of my class iterable in a for loop?", [("tutorial/classes.rst.txt","__iter__"),("library/stdtypes.rst.txt","__iter__"),("reference/datamodel.rst.txt","__iter__")]),
("How do descriptors work, and how is property implemented?", [("howto/descriptor.rst.txt","property"),("reference/datamodel.rst.txt","Implementing Descriptors")]),
("How do I convert a str to bytes and back with an encoding?", [("library/stdtypes.rst.txt","str.encode"),("howto/unicode.rst.txt","encode(")]),
("How do I import a module dynamically when I only know its name as a string?", [("library/importlib.rst.txt","import_module")]),
("How do I install a package with pip?", [("installing/index.rst.txt","pip install")]),
("How do I check which Python version my code is running on?", [("library/sys.rst.txt","version_info"),("library/platform.rst.txt","python_version")]),
("How do I read a configuration file in INI format?", [("library/configparser.rst.txt","INI")]),
("How do I parse a TOML file?", [("library/tomllib.rst.txt","tomllib.load")]),
("How do I walk through a directory tree recursively?", [("library/os.rst.txt","os.walk"),("library/pathlib.rst.txt","rglob")]),
("How do I start a simple HTTP server that serves files from the current directory?", [("library/http.server.rst.txt","python -m http.server")]),
("How do I make a deep copy of an object?", [("library/copy.rst.txt","deepcopy"),("faq/programming.rst.txt","How do I copy an object")]),
("What does if __name__ == '__main__' do?", [("library/__main__.rst.txt","__name__ == '__main__'"),("tutorial/modules.rst.txt","__name__ == \"__main__\"")]),
("What is the walrus operator := ?", [("reference/expressions.rst.txt","Assignment expressions"),("whatsnew/3.8.rst.txt","walrus")]),
("How does structural pattern matching with match and case work?", [("reference/compound_stmts.rst.txt","The match statement"),("tutorial/controlflow.rst.txt","match"),("whatsnew/3.10.rst.txt","Structural Pattern Matching")]),
("How do I access the command-line arguments passed to my script?", [("library/sys.rst.txt","sys.argv"),("tutorial/stdlib.rst.txt","sys.argv"),("tutorial/interpreter.rst.txt","sys.argv")]),
("How do I create a directory including any missing parent directories?", [("library/os.rst.txt","makedirs"),("library/pathlib.rst.txt","If *parents* is true")]),
]

# The held-out set (see above): same method, different topics.
H = [
("How do I URL-encode query parameters for a GET request?", [("library/urllib.parse.rst.txt","urlencode")]),
("How do I encode binary data as base64 text?", [("library/base64.rst.txt","b64encode")]),
("How do I call a function after a delay in a separate thread?", [("library/threading.rst.txt","Timer")]),
("How do I protect shared data with a lock when several threads modify it?", [("library/threading.rst.txt","Lock")]),
("How do I generate a universally unique identifier?", [("library/uuid.rst.txt","uuid4")]),
("How do I check whether a file exists?", [("library/os.path.rst.txt","exists"),("library/pathlib.rst.txt","exists()")]),
("How do I delete a file?", [("library/os.rst.txt","os.remove"),("library/pathlib.rst.txt","unlink")]),
("How do I get the size of a file in bytes?", [("library/os.path.rst.txt","getsize"),("library/os.rst.txt","st_size")]),
("How do I split a string into a list of words?", [("library/stdtypes.rst.txt","str.split")]),
("How do I merge two dictionaries into one?", [("library/stdtypes.rst.txt","d | other"),("whatsnew/3.9.rst.txt","Dictionary Merge")]),
("How do I reverse the order of a list?", [("tutorial/datastructures.rst.txt","list.reverse"),("library/stdtypes.rst.txt","reverse()")]),
("How do I send an HTTP request with a custom header?", [("library/urllib.request.rst.txt","add_header"),("howto/urllib2.rst.txt","Headers")]),
("How do I create a tuple whose fields can be accessed by name?", [("library/collections.rst.txt","namedtuple"),("library/typing.rst.txt","NamedTuple")]),
("What is the difference between set and frozenset?", [("library/stdtypes.rst.txt","frozenset")]),
("How do I write a small anonymous function inline?", [("reference/expressions.rst.txt","Lambdas"),("tutorial/controlflow.rst.txt","Lambda Expressions")]),
("How do I define a function that accepts any number of keyword arguments?", [("tutorial/controlflow.rst.txt","**name"),("reference/compound_stmts.rst.txt","**identifier")]),
("How do I write a decorator that wraps another function?", [("glossary.rst.txt","decorator"),("library/functools.rst.txt","wraps"),("reference/compound_stmts.rst.txt","decorator")]),
("How do I round a floating point number to two decimal places?", [("library/functions.rst.txt","round("),("tutorial/floatingpoint.rst.txt","round(")]),
("How do I convert a hexadecimal string to an integer?", [("library/functions.rst.txt","int(x, base=10)")]),
("How do I compute the greatest common divisor of two integers?", [("library/math.rst.txt","gcd")]),
("How do I represent rational numbers exactly as fractions?", [("library/fractions.rst.txt","Fraction")]),
("How do I convert a dataclass instance to a dictionary?", [("library/dataclasses.rst.txt","asdict")]),
("How do I create an abstract base class with abstract methods?", [("library/abc.rst.txt","abstractmethod")]),
("How do I kill a child process if it runs longer than a time limit?", [("library/subprocess.rst.txt","TimeoutExpired")]),
("How do I compare two text files and show the differences between them?", [("library/difflib.rst.txt","unified_diff")]),
("How do I wrap a long paragraph of text to a fixed line width?", [("library/textwrap.rst.txt","wrap")]),
("How do I read a password from the terminal without showing it?", [("library/getpass.rst.txt","getpass")]),
("How do I convert a Unix timestamp to a date and time?", [("library/datetime.rst.txt","fromtimestamp"),("library/time.rst.txt","gmtime")]),
("How do I make my program wait for a few seconds?", [("library/time.rst.txt","sleep("),("library/asyncio-task.rst.txt","asyncio.sleep")]),
("How do I check whether an object is an instance of a particular class?", [("library/functions.rst.txt","isinstance")]),
("How do I loop over two lists in parallel?", [("library/functions.rst.txt","zip("),("tutorial/datastructures.rst.txt","zip(")]),
("How do I get the index of each item while looping over a list?", [("library/functions.rst.txt","enumerate"),("tutorial/datastructures.rst.txt","enumerate")]),
("How do I map a large file into memory instead of reading it?", [("library/mmap.rst.txt","mmap")]),
("How do I parse a date string like '2021-03-04' into a datetime?", [("library/datetime.rst.txt","strptime"),("library/time.rst.txt","strptime")]),
("How do I handle Ctrl-C or other signals sent to my program?", [("library/signal.rst.txt","SIGINT")]),
("How do I warn users that a function is deprecated?", [("library/warnings.rst.txt","DeprecationWarning")]),
("How do I pretty-print a deeply nested list or dictionary?", [("library/pprint.rst.txt","pprint")]),
("How do I check that a string contains only digits?", [("library/stdtypes.rst.txt","isdigit")]),
("How do I open a URL in the user's web browser?", [("library/webbrowser.rst.txt","webbrowser.open")]),
("How do I concatenate several iterables into one sequence lazily?", [("library/itertools.rst.txt","chain")]),
("How do I fix some arguments of a function to make a new callable?", [("library/functools.rst.txt","partial")]),
("How do I make my own object usable in a with statement?", [("reference/datamodel.rst.txt","__enter__"),("library/stdtypes.rst.txt","Context Manager Types"),("reference/compound_stmts.rst.txt","is used to wrap the execution of a block")]),
("How do I create and read tar archives?", [("library/tarfile.rst.txt","tarfile.open")]),
("How do I get the traceback of the current exception as a string?", [("library/traceback.rst.txt","format_exc")]),
("How do I compute an HMAC signature of a message with a secret key?", [("library/hmac.rst.txt","hmac.new")]),
("How do I store a large list of numbers compactly with a fixed element type?", [("library/array.rst.txt","array(")]),
("How do I pack values into bytes with a C struct layout?", [("library/struct.rst.txt","pack(")]),
("How do I process each line coming from standard input or files named on the command line?", [("library/fileinput.rst.txt","fileinput.input"),("library/sys.rst.txt","stdin")]),
]
import os, json, sys
args = sys.argv[1:]
QS = H if args[:1] == ["--heldout"] else Q
if args[:1] == ["--heldout"]: args = args[1:]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Datasets", "python-docs")
bad = 0
for q, rel in QS:
    for f, ev in rel:
        p = os.path.join(root, f)
        if not os.path.exists(p):
            print("MISSING FILE", f, "|", q); bad += 1; continue
        if ev.lower() not in open(p, encoding="utf-8").read().lower():
            print("NO EVIDENCE", f, repr(ev), "|", q); bad += 1
print(len(QS), "questions", bad, "problems")
if args:
    with open(args[0], "w") as out:
        for q, rel in QS:
            out.write(json.dumps({"question": q, "relevant": [f for f, _ in rel]}) + "\n")
