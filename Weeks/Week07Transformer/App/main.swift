import Week07Transformer
print("Week07Transformer")
