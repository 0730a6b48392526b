print("Week18Tokenizers")
